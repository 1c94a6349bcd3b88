package dev.aftermath.quality;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

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
 * The measure of the language-aware gate: precision and recall per category.
 * <ul>
 * <li>The tuning set {@code processes/quality-corpus.tsv}: the rows the rules and word lists are built from. Prints a
 * table and every misclassified row; fails below the tuning thresholds ({@link #TUNING_MIN}).</li>
 * <li>The held-out set {@code processes/quality-heldout.tsv}: written by someone who never saw the rules, committed
 * before any rule change. Prints ONLY counts, precision and recall per category, never a sentence, so nobody can fit a
 * rule to a held-out miss; fails only when the file is missing, malformed or shorter than 300 rows. Its figures go
 * into the note as measured, never into a threshold.</li>
 * </ul>
 */
class QualityCorpusEvaluationTest {

    static final Path TUNING = Path.of("processes/quality-corpus.tsv");
    static final Path HELD_OUT = Path.of(System.getProperty("quality.heldout", "processes/quality-heldout.tsv"));

    /** Tuning thresholds per category: {precision, recall}, set to what the rules reach on the tuning rows. */
    static final Map<String, double[]> TUNING_MIN = Map.of(
            "blame", new double[] {0.99, 0.97},
            "cause", new double[] {0.99, 0.91},
            "action", new double[] {0.99, 0.98});
    static final int MIN_TUNING_ROWS = 700;
    static final int MIN_HELD_OUT_ROWS = 300;

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

    record Row(int line, String category, String label, String section, String sentence) {
    }

    /** The category's positive label (what the gate must catch) and its negative label. */
    static final Map<String, String> POSITIVE = Map.of("blame", "BLAME", "cause", "PERSON_ERROR", "action", "VAGUE");
    static final Map<String, String> NEGATIVE = Map.of("blame", "OK", "cause", "SYSTEMIC", "action", "SPECIFIC");
    static final List<String> CATEGORIES = List.of("blame", "cause", "action");

    /**
     * Reads a corpus file: tab-separated category, label, section, sentence; {@code #} comments, blank lines and a
     * header line starting with {@code category} are skipped. A malformed line fails with its line number only (the
     * held-out sentences are never shown).
     */
    static List<Row> read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            fail("corpus file missing: " + file);
        }
        List<Row> rows = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (i == firstDataLine(lines) && f[0].trim().equalsIgnoreCase("category")) {
                continue;
            }
            if (f.length != 4) {
                fail(file + " line " + (i + 1) + ": expected 4 tab-separated fields, found " + f.length);
            }
            String category = f[0].trim().toLowerCase(Locale.ROOT);
            String label = f[1].trim().toUpperCase(Locale.ROOT);
            if (!POSITIVE.containsKey(category)
                    || !(label.equals(POSITIVE.get(category)) || label.equals(NEGATIVE.get(category)))
                    || f[3].isBlank()) {
                fail(file + " line " + (i + 1) + ": unknown category or label, or an empty sentence");
            }
            rows.add(new Row(i + 1, category, label, f[2].trim(), f[3].trim()));
        }
        return rows;
    }

    private static int firstDataLine(List<String> lines) {
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).isBlank() && !lines.get(i).startsWith("#")) {
                return i;
            }
        }
        return -1;
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

    static QualityChecker checker() {
        return new QualityChecker(new QualityRules(new ObjectMapper(), "processes/quality-rules.json"), DEMO_PEOPLE);
    }

    /** Counts per category: tp, fp, fn, tn. */
    record Counts(int tp, int fp, int fn, int tn) {
        int positives() {
            return tp + fn;
        }

        int negatives() {
            return fp + tn;
        }

        double precision() {
            return tp + fp == 0 ? 1.0 : (double) tp / (tp + fp);
        }

        double recall() {
            return tp + fn == 0 ? 1.0 : (double) tp / (tp + fn);
        }
    }

    /** Evaluates the rows; adds each misclassified row to {@code errors} when it is not null. */
    static Map<String, Counts> evaluate(QualityChecker checker, List<Row> rows, List<String> errors) {
        Map<String, int[]> raw = new LinkedHashMap<>();
        for (Row row : rows) {
            boolean positive = row.label().equals(POSITIVE.get(row.category()));
            boolean predicted = flagged(checker, row);
            int[] c = raw.computeIfAbsent(row.category(), k -> new int[4]);
            c[positive ? (predicted ? 0 : 2) : (predicted ? 1 : 3)]++;
            if (errors != null && positive != predicted) {
                errors.add(String.format("  line %4d %-6s %-12s %s: %s", row.line(), row.category(), row.label(),
                        predicted ? "flagged" : "missed", row.sentence()));
            }
        }
        Map<String, Counts> counts = new LinkedHashMap<>();
        for (String category : CATEGORIES) {
            int[] c = raw.getOrDefault(category, new int[4]);
            counts.put(category, new Counts(c[0], c[1], c[2], c[3]));
        }
        return counts;
    }

    static String table(String title, Map<String, Counts> counts) {
        StringBuilder table = new StringBuilder(String.format("%n%s%n", title));
        table.append(String.format("%-8s %5s %5s %4s %4s %4s %4s %10s %8s%n", "category", "pos", "neg", "tp", "fp", "fn",
                "tn", "precision", "recall"));
        counts.forEach((category, c) -> table.append(String.format(Locale.ROOT, "%-8s %5d %5d %4d %4d %4d %4d %9.1f%% %7.1f%%%n",
                category, c.positives(), c.negatives(), c.tp(), c.fp(), c.fn(), c.tn(), c.precision() * 100,
                c.recall() * 100)));
        return table.toString();
    }

    @Test
    void the_tuning_set_meets_its_thresholds_and_every_miss_is_printed() throws IOException {
        List<Row> rows = read(TUNING);
        assertThat(rows).hasSizeGreaterThanOrEqualTo(MIN_TUNING_ROWS);
        List<String> errors = new ArrayList<>();
        Map<String, Counts> counts = evaluate(checker(), rows, errors);
        String table = table("Quality gate on the tuning set " + TUNING + " (" + rows.size() + " rows)", counts)
                + (errors.isEmpty() ? "no misclassified rows\n" : "misclassified rows:\n" + String.join("\n", errors) + "\n");
        System.out.println(table);
        List<String> failures = new ArrayList<>();
        counts.forEach((category, c) -> {
            double[] min = TUNING_MIN.get(category);
            if (c.precision() < min[0] || c.recall() < min[1]) {
                failures.add(String.format(Locale.ROOT, "%s: precision %.1f %% (min %.1f), recall %.1f %% (min %.1f)",
                        category, c.precision() * 100, min[0] * 100, c.recall() * 100, min[1] * 100));
            }
        });
        assertThat(failures).as("tuning categories below their thresholds%s", table).isEmpty();
    }

    /**
     * The held-out set: prints counts, precision and recall per category only. No sentence, no line number of a miss,
     * no threshold: a held-out figure below target is reported in the note, not fixed against a held-out row.
     */
    @Test
    void the_held_out_set_is_evaluated_and_only_its_figures_are_printed() throws IOException {
        List<Row> rows = read(HELD_OUT);
        assertThat(rows.size()).as("rows in the held-out set").isGreaterThanOrEqualTo(MIN_HELD_OUT_ROWS);
        Map<String, Counts> counts = evaluate(checker(), rows, null);
        counts.forEach((category, c) -> assertThat(c.positives() > 0 && c.negatives() > 0)
                .as("held-out category %s has positive and negative rows", category).isTrue());
        System.out.println(table("Quality gate on the held-out set " + HELD_OUT + " (" + rows.size()
                + " rows; figures only, no sentence is ever printed)", counts));
    }
}
