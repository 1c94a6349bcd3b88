package dev.aftermath.quality;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.io.ClassPathResource;
import org.springframework.stereotype.Component;

import dev.aftermath.quality.QualityFinding.Severity;

/**
 * The gate's rules, read from the data file {@code processes/quality-rules.json} (or {@code aftermath.quality.rules-file}):
 * from the file system when it exists, so an edit takes effect at the next check, else from the packaged copy.
 */
@Component
public class QualityRules {

    private final ObjectMapper mapper;
    private final Path file;

    private volatile long loadedModified = Long.MIN_VALUE;
    private volatile JsonNode rules;

    public QualityRules(ObjectMapper mapper, @Value("${aftermath.quality.rules-file:processes/quality-rules.json}") String file) {
        this.mapper = mapper;
        this.file = Path.of(file).toAbsolutePath().normalize();
    }

    /** A rule's definition by id; fails loudly when the data file lacks it. */
    public Rule rule(String id) {
        JsonNode node = root().path("rules").path(id);
        if (node.isMissingNode()) {
            throw new IllegalStateException("quality-rules.json defines no rule '" + id + "'");
        }
        return new Rule(id, node);
    }

    /** The whole rules document as last read (the same node until the file changes). */
    JsonNode document() {
        return root();
    }

    private JsonNode root() {
        try {
            if (Files.isRegularFile(file)) {
                long modified = Files.getLastModifiedTime(file).toMillis();
                if (rules == null || modified != loadedModified) {
                    rules = mapper.readTree(file.toFile());
                    loadedModified = modified;
                }
                return rules;
            }
            if (rules == null) {
                try (InputStream in = new ClassPathResource("processes/quality-rules.json").getInputStream()) {
                    rules = mapper.readTree(in);
                }
            }
            return rules;
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the quality rules " + file, e);
        }
    }

    /** One rule of the data file. */
    public record Rule(String id, JsonNode node) {

        public Severity severity() {
            return Severity.valueOf(node.path("severity").asText("BLOCKING").toUpperCase(Locale.ROOT));
        }

        public boolean appliesTo(QualityStage stage) {
            JsonNode stages = node.path("stages");
            if (!stages.isArray() || stages.isEmpty()) {
                return true;
            }
            for (JsonNode s : stages) {
                if (s.asText().equalsIgnoreCase(stage.name())) {
                    return true;
                }
            }
            return false;
        }

        public String why() {
            return node.path("why").asText("");
        }

        /** The hint, followed by the rule's suggested question or rewrite pattern when it has one. */
        public String hint() {
            return withQuestion(node.path("hint").asText(""), question());
        }

        /** The suggested question or rewrite pattern shown with each finding of this rule (empty when none). */
        public String question() {
            return node.path("question").asText("");
        }

        /** A hint followed by a suggested question or rewrite pattern: "… Ask: What in the deploy process …?". */
        public static String withQuestion(String hint, String question) {
            if (question == null || question.isBlank()) {
                return hint;
            }
            return (hint == null || hint.isBlank() ? "" : hint.strip() + " ") + "Ask: " + question.strip();
        }

        public int min() {
            return node.path("min").asInt(0);
        }

        public int intValue(String field, int fallback) {
            return node.path(field).asInt(fallback);
        }

        public List<String> strings(String field) {
            return strings(node.path(field));
        }

        public JsonNode path(String field) {
            return node.path(field);
        }

        public QualityFinding finding(String section, String text) {
            return new QualityFinding(section, text, id, severity(), why(), hint());
        }

        public QualityFinding finding(String section, String text, String hint) {
            return new QualityFinding(section, text, id, severity(), why(),
                    hint == null || hint.isBlank() ? hint() : withQuestion(hint, question()));
        }

        static List<String> strings(JsonNode array) {
            List<String> list = new ArrayList<>();
            if (array.isArray()) {
                array.forEach(n -> list.add(n.asText()));
            }
            return list;
        }

        public static Pattern pattern(String regex) {
            return Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
        }
    }
}
