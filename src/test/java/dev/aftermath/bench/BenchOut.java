package dev.aftermath.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Result lines of the in-process benchmarks for {@code ./bench/run}: appended, tab separated, to the file named by the
 * system property {@code bench.out} (benchmark, figure, value, unit, reference, target, verdict, note).
 */
final class BenchOut {

    private BenchOut() {
    }

    static void line(String benchmark, String figure, String value, String unit, String reference, String target,
                     String verdict, String note) {
        String line = String.join("\t", benchmark, figure, value, unit, reference, target, verdict,
                note.replace('\t', ' ').replace('\n', ' ')) + "\n";
        System.out.print("BENCH " + line);
        String out = System.getProperty("bench.out");
        if (out == null || out.isBlank()) {
            return;
        }
        try {
            Files.writeString(Path.of(out), line, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String fmt(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
