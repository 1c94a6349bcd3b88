package dev.aftermath.document;

import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/** Tests that write a post-mortem document as a map of sections (as it is stored in JSON) turn it into the record. */
public final class TestDocuments {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private TestDocuments() {
    }

    public static PostmortemDocument of(Map<String, ?> sections) {
        return MAPPER.convertValue(sections, PostmortemDocument.class);
    }
}
