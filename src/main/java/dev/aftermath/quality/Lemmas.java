package dev.aftermath.quality;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rule-based English lemmatiser (OpenNLP serves no English lemmatizer model): irregular forms from
 * {@code processes/quality-lemmas.tsv}, regular inflections (-s, -es, -ies, -ed, -ied, -ing, doubled consonants) by rule.
 * It returns candidate lemmas; word lists are matched against any candidate, so "dropped" matches "drop" and
 * "pasted" matches "paste" without a dictionary of every verb.
 */
final class Lemmas {

    static final String FILE = "processes/quality-lemmas.tsv";

    private final Map<String, String> irregular;

    Lemmas(Map<String, String> irregular) {
        this.irregular = irregular;
    }

    static Lemmas load() {
        Map<String, String> map = new HashMap<>();
        try (InputStream in = Files.isRegularFile(Path.of(FILE)) ? Files.newInputStream(Path.of(FILE))
                : Lemmas.class.getClassLoader().getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.strip().split("\t");
                if (parts.length == 2) {
                    map.put(parts[0].strip(), parts[1].strip());
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + FILE, e);
        }
        return new Lemmas(map);
    }

    /** Candidate lemmas of a lower-case word, the most likely first; always contains the word itself. */
    List<String> candidates(String w) {
        List<String> out = new ArrayList<>(4);
        String irr = irregular.get(w);
        if (irr != null) {
            out.add(irr);
            if (!irr.equals(w)) {
                out.add(w);
            }
            return out;
        }
        int n = w.length();
        if (n > 4 && w.endsWith("ies")) {
            out.add(w.substring(0, n - 3) + "y");
        } else if (n > 4 && w.endsWith("ied")) {
            out.add(w.substring(0, n - 3) + "y");
        } else if (n > 5 && w.endsWith("ing")) {
            String stem = w.substring(0, n - 3);
            addStem(out, stem);
        } else if (n > 3 && w.endsWith("ed")) {
            String stem = w.substring(0, n - 2);
            addStem(out, stem);
            out.add(w.substring(0, n - 1));
        } else if (n > 3 && w.endsWith("es") && (w.endsWith("ses") || w.endsWith("xes") || w.endsWith("zes")
                || w.endsWith("ches") || w.endsWith("shes") || w.endsWith("oes"))) {
            out.add(w.substring(0, n - 2));
            out.add(w.substring(0, n - 1));
        } else if (n > 3 && w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            out.add(w.substring(0, n - 1));
        }
        if (out.isEmpty() || !out.contains(w)) {
            out.add(w);
        }
        return out;
    }

    private static void addStem(List<String> out, String stem) {
        int n = stem.length();
        if (n > 2 && stem.charAt(n - 1) == stem.charAt(n - 2) && "lsz".indexOf(stem.charAt(n - 1)) < 0
                && !isVowel(stem.charAt(n - 1))) {
            out.add(stem.substring(0, n - 1));
        }
        out.add(stem);
        out.add(stem + "e");
    }

    private static boolean isVowel(char c) {
        return "aeiou".indexOf(c) >= 0;
    }
}
