package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tests for {@link ConfigLimits}: every bound, as the reader applies it to a document. */
class ConfigLimitsTest {
    private static final String VALID =
            """
            version: "1"
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                action: {channels: [PUSH], template: browse_v1}
            """;

    @Test
    void aVersionLongerThan64CharactersIsAnErrorShownShort() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        VALID.replace("\"1\"", "\"" + "9".repeat(100_000) + "\""));

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("version");
                            assertThat(e.found()).endsWith("… (100,002 characters)");
                            assertThat(e.expected()).startsWith("a version of 1 to 64 characters");
                        });
        assertThat(
                        PatternsConfigReader.problems(
                                VALID.replace("\"1\"", "\"" + "9".repeat(400_000) + "\"")))
                .singleElement()
                .satisfies(e -> assertThat(e.found()).startsWith("too large"));
    }

    @Test
    void aVersionWithAControlCharacterIsAnError() {
        assertThat(PatternsConfigReader.problems(VALID.replace("\"1\"", "\"2026\\a\"")))
                .singleElement()
                .hasToString(
                        "version: \"2026\\u0007\" -- expected a version of 1 to 64 characters,"
                                + " e.g. \"2026-11-24.1\", without control characters");
    }

    @Test
    void textsEchoedIntoActionsKeepToTheirLengthAndCharacters() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        policy: {holdoutSalt: "%s"}
                        offers: [{segment: high-value, offer: "10%% off"}]
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH], template: "browse abandon"}
                          - id: cart
                            type: CART_ABANDONMENT
                            action: {channels: [PUSH], template: %s}
                          - id: sequence
                            type: SEQUENCE
                            params:
                              within: 10m
                              steps:
                                - {name: "searched twice", type: SEARCH, query: "%s"}
                                - {type: VIEW, category: "", brand: "a\\tb", item: "%s"}
                            action: {channels: [PUSH], template: t}
                        """
                                .formatted(
                                        "s".repeat(65),
                                        "t".repeat(129),
                                        "q".repeat(257),
                                        "i".repeat(257)));

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "policy.holdoutSalt",
                        "offers[0].offer",
                        "patterns[browse].action.template",
                        "patterns[cart].action.template",
                        "patterns[sequence].params.steps[0].name",
                        "patterns[sequence].params.steps[0].query",
                        "patterns[sequence].params.steps[1].category",
                        "patterns[sequence].params.steps[1].brand",
                        "patterns[sequence].params.steps[1].item");
        assertThat(errors)
                .filteredOn(e -> e.path().equals("patterns[browse].action.template"))
                .singleElement()
                .hasToString(
                        "patterns[browse].action.template: \"browse abandon\" -- expected a template"
                                + " name of 1 to 128 letters, digits and _ . : / -, starting with"
                                + " a letter or digit");
    }

    @Test
    void moreThan200PatternsIsOneErrorAndOnlyTheFirst200AreChecked() {
        String patterns =
                IntStream.range(0, 1_000)
                        .mapToObj(i -> "  - {id: p" + i + ", type: NOPE}\n")
                        .collect(Collectors.joining());

        List<ConfigError> errors =
                PatternsConfigReader.problems("version: \"1\"\npatterns:\n" + patterns);

        assertThat(errors)
                .first()
                .hasToString("patterns: a list of 1000 -- expected at most 200 patterns");
        assertThat(errors).filteredOn(e -> e.path().startsWith("patterns[")).hasSize(2 * 200);
    }

    @Test
    void everyListHasABound() {
        String caps = "{channel: ANY, max: 3, per: 1d}, ".repeat(21);
        String offers = "{segment: high-value, offer: VIP}, ".repeat(51);
        String steps = "{type: VIEW}, ".repeat(21);
        String segments = "high-value, ".repeat(33);

        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        policy: {frequencyCaps: [%s]}
                        offers: [%s]
                        patterns:
                          - id: sequence
                            type: SEQUENCE
                            params: {within: 1h, steps: [%s]}
                            audience: {segments: [%s]}
                            action: {channels: [PUSH], template: t, offers: [%s]}
                        """
                                .formatted(caps, offers, steps, segments, offers));

        assertThat(errors)
                .extracting(ConfigError::toString)
                .containsExactlyInAnyOrder(
                        "policy.frequencyCaps: a list of 21 -- expected at most 20 frequency caps",
                        "offers: a list of 51 -- expected at most 50 offer rules",
                        "patterns[sequence].params.steps: a list of 21 -- expected at most 20 steps",
                        "patterns[sequence].audience.segments: a list of 33 -- expected at most 32 items",
                        "patterns[sequence].action.offers: a list of 51 -- expected at most 50 offer"
                                + " rules");
    }

    @Test
    void twentyThousandUnknownKeysAreEachReportedWellUnderASecond() throws Exception {
        PatternsConfigReader.read(VALID, "warm-up");
        String unknownKeys =
                IntStream.range(0, 20_000)
                        .mapToObj(i -> String.format("k%05d: 1%n", i))
                        .collect(Collectors.joining());
        byte[] document = (VALID + unknownKeys).getBytes(StandardCharsets.UTF_8);
        assertThat(document.length).isLessThan(ConfigLimits.MAX_DOCUMENT_BYTES);

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long started = threads.getCurrentThreadCpuTime();
        List<ConfigError> errors = PatternsConfigReader.problems(document);
        long millis = (threads.getCurrentThreadCpuTime() - started) / 1_000_000;

        assertThat(errors).hasSize(20_000).allMatch(e -> e.found().equals("unknown key"));
        assertThat(millis)
                .as("CPU milliseconds to check it, in a JVM that has not compiled the reader yet")
                .isLessThan(1_000);
        assertThatThrownBy(() -> PatternsConfigReader.read(document, "control"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> {
                            assertThat(e.errors()).hasSize(20_000);
                            assertThat(e.getMessage().lines()).hasSize(102);
                        });
    }

    @Test
    void fiftyThousandUnknownKeysAreMoreThanADocumentMayHold() {
        String unknownKeys =
                IntStream.range(0, 50_000)
                        .mapToObj(i -> String.format("unknown%05d: 1%n", i))
                        .collect(Collectors.joining());

        assertThat(PatternsConfigReader.problems(VALID + unknownKeys))
                .singleElement()
                .satisfies(e -> assertThat(e.found()).startsWith("too large"));
    }
}
