package dev.nudge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The shipped configuration cut down to some of its patterns, by type, for a comparison; with the
 * flows that only patterns kept enter.
 */
final class PatternSubset {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private PatternSubset() {}

    /** The types whose patterns the naive design (d) runs, one Flink CEP operator each. */
    static final Set<String> NAIVE_TYPES =
            Set.of("BROWSE_WITHOUT_BUY", "CART_ABANDONMENT", "NEW_USER_NO_PURCHASE", "HIGH_VALUE");

    /**
     * The patterns the naive design (d) reproduces, so that (c) and (d) can be compared on the same
     * patterns.
     */
    static String naive(String document) throws IOException {
        return keep(document, NAIVE_TYPES::contains);
    }

    /** The BROWSE_WITHOUT_BUY patterns only, for the look at Flink CEP on RocksDB. */
    static String browseOnly(String document) throws IOException {
        return keep(document, type -> type.equals("BROWSE_WITHOUT_BUY"));
    }

    /** Everything but the SEQUENCE patterns: what the journey alone runs. */
    static String withoutSequences(String document) throws IOException {
        return keep(document, type -> !type.equals("SEQUENCE"));
    }

    /** Drops the flows that a pattern not kept enters: the document would name a missing one. */
    private static void keepFlowsOf(ObjectNode root, ArrayNode patterns) {
        if (!root.has("flows")) {
            return;
        }
        Set<String> ids = new HashSet<>();
        patterns.forEach(pattern -> ids.add(pattern.path("id").asText()));
        ArrayNode flows = YAML.createArrayNode();
        for (JsonNode flow : root.withArray("flows")) {
            boolean entered = true;
            for (JsonNode pattern : flow.path("entry").path("patterns")) {
                entered &= ids.contains(pattern.asText());
            }
            if (entered) {
                flows.add(flow);
            }
        }
        root.set("flows", flows);
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
        keepFlowsOf(root, kept);
        return YAML.writeValueAsString(root);
    }
}
