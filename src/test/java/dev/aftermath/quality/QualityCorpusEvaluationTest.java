package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/**
 * The measure of the language-aware gate: precision and recall per category on the labelled corpus
 * {@code processes/quality-corpus.tsv}, on the tuning rows and on the held-out rows (which no rule or word list was tuned
 * on). Prints a table and the misclassified rows; fails below recall 90 % or precision 95 % in any category of either
 * split. {@code -Dquality.corpus.split=tuning} evaluates the tuning rows only (use it while editing the rules, so the
 * held-out rows stay unseen).
 */
class QualityCorpusEvaluationTest {

    static final Path CORPUS = Path.of("processes/quality-corpus.tsv");
    static final double MIN_RECALL = 0.90;
    static final double MIN_PRECISION = 0.95;

    /** The demo directory: users and first names the gate knows. */
    static final People DEMO_PEOPLE = new People() {
        @Override
        public boolean isUser(String id) {
            return Set.of("demo", "jordan", "priya", "carlos", "alex", "mia", "sam").contains(id);
        }

        @Override
        public boolean isGroup(String id) {
            return Set.of("engineering", "tech-leads", "incident-commanders", "engineering-managers", "security").contains(id);
        }

        @Override
        public Set<String> names() {
            return Set.of("demo", "jordan", "priya", "carlos", "alex", "mia", "sam");
        }
    };

    record Row(String split, String category, String label, String section, String sentence) {
    }

    /** The category's positive label: what the gate must catch. */
    static final Map<String, String> POSITIVE = Map.of("blame", "BLAME", "cause", "PERSON_ERROR", "action", "VAGUE");

    static List<Row> corpus() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (String line : Files.readAllLines(CORPUS, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            assertThat(f).as("5 tab-separated fields: " + line).hasSize(5);
            assertThat(Set.of("tuning", "heldout")).contains(f[0]);
            assertThat(POSITIVE).containsKey(f[1]);
            rows.add(new Row(f[0], f[1], f[2], f[3], f[4]));
        }
        return rows;
    }

    /** The gate's verdict on one row: true when it sends the text back in that row's category. */
    static boolean flagged(QualityChecker checker, Row row) {
        return switch (row.category()) {
            case "blame" -> !checker.blame(row.section(), row.sentence()).isEmpty();
            case "cause" -> checker.isShallowRootCause(row.sentence());
            case "action" -> checker.isVagueTitle(row.sentence());
            default -> throw new IllegalArgumentException(row.category());
        };
    }

    @Test
    void precision_and_recall_per_category_on_the_tuning_and_the_held_out_set() throws IOException {
        QualityChecker checker = new QualityChecker(new QualityRules(new ObjectMapper(), "processes/quality-rules.json"),
                DEMO_PEOPLE);
        String only = System.getProperty("quality.corpus.split", "");
        List<Row> rows = corpus();
        long heldOut = rows.stream().filter(r -> r.split().equals("heldout")).count();
        assertThat(rows).hasSizeGreaterThanOrEqualTo(300);
        assertThat(heldOut * 3).as("a third of the corpus is held out").isGreaterThanOrEqualTo(rows.size() - 10);

        Map<String, int[]> counts = new LinkedHashMap<>(); // split/category -> tp, fp, fn, tn
        List<String> errors = new ArrayList<>();
        for (Row row : rows) {
            if (!only.isEmpty() && !row.split().equals(only)) {
                continue;
            }
            boolean positive = row.label().equals(POSITIVE.get(row.category()));
            boolean predicted = flagged(checker, row);
            int[] c = counts.computeIfAbsent(row.split() + "/" + row.category(), k -> new int[4]);
            c[positive ? (predicted ? 0 : 2) : (predicted ? 1 : 3)]++;
            if (positive != predicted) {
                errors.add(String.format("  %-7s %-6s %-12s %s: %s", row.split(), row.category(), row.label(),
                        predicted ? "flagged" : "missed", row.sentence()));
            }
        }
        StringBuilder table = new StringBuilder();
        table.append(String.format("%nQuality gate on %s (%d rows, %d held out)%n", CORPUS, rows.size(), heldOut));
        table.append(String.format("%-8s %-7s %5s %5s %4s %4s %4s %4s %10s %8s%n", "split", "category", "pos", "neg", "tp",
                "fp", "fn", "tn", "precision", "recall"));
        List<String> failures = new ArrayList<>();
        for (String split : List.of("tuning", "heldout")) {
            for (String category : List.of("blame", "cause", "action")) {
                int[] c = counts.get(split + "/" + category);
                if (c == null) {
                    continue;
                }
                double precision = c[0] + c[1] == 0 ? 1.0 : (double) c[0] / (c[0] + c[1]);
                double recall = c[0] + c[2] == 0 ? 1.0 : (double) c[0] / (c[0] + c[2]);
                table.append(String.format(Locale.ROOT, "%-8s %-7s %5d %5d %4d %4d %4d %4d %9.1f%% %7.1f%%%n", split, category,
                        c[0] + c[2], c[1] + c[3], c[0], c[1], c[2], c[3], precision * 100, recall * 100));
                if (precision < MIN_PRECISION || recall < MIN_RECALL) {
                    failures.add(split + "/" + category);
                }
            }
        }
        table.append(errors.isEmpty() ? "no misclassified rows\n" : "misclassified rows:\n" + String.join("\n", errors) + "\n");
        System.out.println(table);
        assertThat(failures).as("categories below recall %.0f %% or precision %.0f %%%s", MIN_RECALL * 100,
                MIN_PRECISION * 100, table).isEmpty();
    }
}
