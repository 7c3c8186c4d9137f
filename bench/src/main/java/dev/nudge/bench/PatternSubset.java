package dev.nudge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.function.Predicate;

/** The shipped configuration cut down to some of its patterns, by type, for a comparison. */
final class PatternSubset {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PatternSubset() {}

    /**
     * The BROWSE_WITHOUT_BUY patterns only: the work the naive design (d) reproduces with one Flink
     * CEP operator per pattern, so that (c) and (d) can be compared on the same patterns.
     */
    static String browseOnly(String document) throws IOException {
        return keep(document, type -> type.equals("BROWSE_WITHOUT_BUY"));
    }

    /** Everything but the SEQUENCE patterns: what the journey alone runs. */
    static String withoutSequences(String document) throws IOException {
        return keep(document, type -> !type.equals("SEQUENCE"));
    }

    private static String keep(String document, Predicate<String> type) throws IOException {
        ObjectNode root = (ObjectNode) YAML.readTree(document);
        ArrayNode kept = YAML.createArrayNode();
        for (JsonNode pattern : root.withArray("patterns")) {
            if (type.test(pattern.path("type").asText())) {
                kept.add(pattern);
            }
        }
        root.set("patterns", kept);
        return YAML.writeValueAsString(root);
    }
}
