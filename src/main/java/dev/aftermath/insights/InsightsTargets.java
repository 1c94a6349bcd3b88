package dev.aftermath.insights;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.aftermath.insights.InsightsReport.TargetResult;

/**
 * The process owner's targets, from the data file {@code processes/insights-targets.json} (or
 * {@code aftermath.insights.targets-file}), read again whenever it changes; without the file the packaged copy is used.
 * Each target names a metric of the report ({@code postmortems.medianHoursToPublish}, ...) and bounds:
 * {@code below} / {@code above} (strict), {@code atMost} / {@code atLeast} (inclusive), combinable.
 */
@Component
public class InsightsTargets {

    private final ObjectMapper mapper;
    private final Path file;
    private volatile long loadedModified = Long.MIN_VALUE;
    private volatile JsonNode loaded;

    public InsightsTargets(ObjectMapper mapper,
                           @Value("${aftermath.insights.targets-file:processes/insights-targets.json}") String file) {
        this.mapper = mapper;
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    /** Every target with the actual value of its metric and whether it is met ({@code null} without a value). */
    public List<TargetResult> evaluate(Map<String, Double> metrics) {
        List<TargetResult> results = new ArrayList<>();
        for (JsonNode t : root().path("targets")) {
            String metric = t.path("metric").asText();
            if (!metrics.containsKey(metric)) {
                throw new IllegalStateException("insights-targets.json names an unknown metric '" + metric
                        + "'; known: " + metrics.keySet());
            }
            Double actual = metrics.get(metric);
            results.add(new TargetResult(t.path("name").asText(metric), metric, describe(t), actual,
                    actual == null ? null : met(t, actual)));
        }
        return results;
    }

    static boolean met(JsonNode t, double actual) {
        boolean ok = true;
        if (t.has("below")) {
            ok &= actual < t.get("below").asDouble();
        }
        if (t.has("above")) {
            ok &= actual > t.get("above").asDouble();
        }
        if (t.has("atMost")) {
            ok &= actual <= t.get("atMost").asDouble();
        }
        if (t.has("atLeast")) {
            ok &= actual >= t.get("atLeast").asDouble();
        }
        return ok;
    }

    static String describe(JsonNode t) {
        List<String> parts = new ArrayList<>();
        if (t.has("atLeast") && t.has("atMost")) {
            return num(t.get("atLeast")) + "-" + num(t.get("atMost")) + unit(t);
        }
        if (t.has("below")) {
            parts.add("< " + num(t.get("below")));
        }
        if (t.has("above")) {
            parts.add("> " + num(t.get("above")));
        }
        if (t.has("atMost")) {
            parts.add("<= " + num(t.get("atMost")));
        }
        if (t.has("atLeast")) {
            parts.add(">= " + num(t.get("atLeast")));
        }
        return String.join(" and ", parts) + unit(t);
    }

    private static String unit(JsonNode t) {
        return t.hasNonNull("unit") ? " " + t.get("unit").asText() : "";
    }

    private static String num(JsonNode n) {
        return new BigDecimal(n.asText()).stripTrailingZeros().toPlainString();
    }

    private JsonNode root() {
        try {
            if (Files.isRegularFile(file)) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (loaded == null || modified != loadedModified) {
                    loaded = mapper.readTree(file.toFile());
                    loadedModified = modified;
                }
                return loaded;
            }
            if (loaded == null) {
                try (InputStream in = new ClassPathResource("processes/insights-targets.json").getInputStream()) {
                    loaded = mapper.readTree(in);
                }
            }
            return loaded;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the insights targets " + file, e);
        }
    }
}
