package dev.nudge.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nudge.config.Durations;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The configuration the demo runs: the one it was given, with the waits of its flows shortened so
 * that a day of waiting passes in {@link #DAY_IN_THE_DEMO}. A demo replays a few hours of shopping,
 * and a flow that waits days between its messages would show only its first one. Nothing else
 * changes; the demo prints every wait it shortened, so that nobody takes the demo's timing for the
 * configuration's.
 *
 * <p>The document given is valid; the one returned is its JSON form (which the job reads as it
 * reads YAML), with the same keys in the same order.
 */
final class DemoWaits {
    /** How long a day of a flow's waiting takes in the demo. */
    static final Duration DAY_IN_THE_DEMO = Duration.ofMinutes(10);

    /** The shortest wait a flow may have. */
    private static final Duration SHORTEST = Duration.ofMinutes(1);

    private static final ObjectMapper YAML = new YAMLMapper();
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param document what the demo runs
     * @param shortened one line per wait shortened, e.g. {@code cart-rescue/wait-open 1d -> 10m};
     *     empty when the configuration has no flow with a wait
     */
    record Shortened(String document, List<String> shortened) {}

    private DemoWaits() {}

    /** {@code document} with its flows' waits shortened; unchanged when it has none. */
    static Shortened shorten(String document) {
        JsonNode tree;
        try {
            tree = YAML.readTree(document);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the validated document no longer parses", e);
        }
        List<String> shortened = new ArrayList<>();
        for (JsonNode flow : tree.path("flows")) {
            for (JsonNode step : flow.path("steps")) {
                if (step.path("wait") instanceof ObjectNode wait) {
                    for (String key : List.of("for", "timeout")) {
                        Duration written = duration(wait.get(key));
                        Duration demo = written == null ? null : inTheDemo(written);
                        if (demo != null && demo.compareTo(written) < 0) {
                            wait.put(key, Durations.format(demo));
                            shortened.add(
                                    flow.path("id").asText()
                                            + "/"
                                            + step.path("name").asText()
                                            + " "
                                            + Durations.format(written)
                                            + " -> "
                                            + Durations.format(demo));
                        }
                    }
                }
            }
        }
        if (shortened.isEmpty()) {
            return new Shortened(document, List.of());
        }
        try {
            return new Shortened(JSON.writeValueAsString(tree), List.copyOf(shortened));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The wait in the demo: scaled from days to {@link #DAY_IN_THE_DEMO}, in whole minutes, at
     * least one; a wait already that short stays as written.
     */
    static Duration inTheDemo(Duration written) {
        long minutes =
                Math.round(
                        (double) written.toMillis()
                                * DAY_IN_THE_DEMO.toMillis()
                                / Duration.ofDays(1).toMillis()
                                / SHORTEST.toMillis());
        return SHORTEST.multipliedBy(Math.max(1, minutes));
    }

    private static Duration duration(JsonNode value) {
        return value != null && value.isTextual() ? Durations.parseOrNull(value.asText()) : null;
    }
}
