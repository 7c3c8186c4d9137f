package dev.nudge.control;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigDiff;
import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link ConfigGate}: what becomes of each document published on the control topic, and
 * the answer it gets.
 */
class ConfigGateTest {
    private static final long PUBLISHED = 1_700_000_000_000L;
    private static final long NOW = PUBLISHED + 120;

    private static final String STARTED_WITH = patterns("2026-11-24.1", true, 50, "2h", "30m");

    private final ConfigGate gate = gateStartedWith(STARTED_WITH);

    @Test
    void aValidNewerLiveChangeIsAppliedAndAnsweredWithItsChanges() {
        ConfigGate.Verdict verdict =
                gate.consider(published(patterns("2026-11-24.2", true, 90, "2h", "30m")), NOW);

        assertThat(verdict.applied()).isTrue();
        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(verdict.ack().version()).isEqualTo("2026-11-24.2");
        assertThat(verdict.ack().liveVersion()).isEqualTo("2026-11-24.2");
        assertThat(verdict.ack().changes())
                .singleElement()
                .asString()
                .contains("patterns[browse].action.priority", "50", "90");
        assertThat(verdict.ack().changedBy()).isEqualTo("maria");
        assertThat(verdict.ack().publishedAt()).isEqualTo(PUBLISHED);
        assertThat(verdict.ack().decidedAt()).isEqualTo(NOW);
        assertThat(verdict.update().version()).isEqualTo("2026-11-24.2");
        assertThat(gate.live().version()).isEqualTo("2026-11-24.2");
    }

    @Test
    void onlyAConfigurationAppliedLiveIsCheckpointedTheFileIsNot() {
        assertThat(gate.appliedDocument()).as("the file's configuration in force").isNull();

        gate.consider(published(patterns("2026-11-24.2", true, 50, "3h", "30m")), NOW);
        assertThat(gate.appliedDocument()).as("after a document that needs a restart").isNull();

        String applied = patterns("2026-11-24.3", true, 90, "2h", "30m");
        gate.consider(published(applied), NOW);
        assertThat(gate.appliedDocument()).isEqualTo(applied);
    }

    @Test
    void aFlowAddedAndThenChangedAppliesLiveAndTheAnswerNamesEachChange() {
        String withFlow =
                patterns("2026-11-24.2", true, 50, "2h", "30m")
                        + """
                        flows:
                          - id: cart-rescue
                            entry: {patterns: [cart]}
                            steps:
                              - name: push
                                send: {channels: [PUSH], template: rescue_push}
                                next: wait
                              - name: wait
                                wait: {for: 1d}
                                next: email
                              - name: email
                                send: {channels: [EMAIL], template: rescue_email}
                        """;
        ConfigGate.Verdict added = gate.consider(published(withFlow), NOW);
        ConfigGate.Verdict changed =
                gate.consider(
                        published(
                                withFlow.replace("2026-11-24.2", "2026-11-24.3")
                                        .replace("wait: {for: 1d}", "wait: {for: 2d}")),
                        NOW);

        assertThat(added.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(added.ack().changes()).singleElement().asString().contains("flows[cart-rescue]");
        assertThat(changed.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(changed.ack().changes())
                .singleElement()
                .asString()
                .contains("flows[cart-rescue].steps[wait]");
        assertThat(gate.live().flow("cart-rescue").step("wait"))
                .isInstanceOfSatisfying(
                        dev.nudge.config.FlowSpec.Wait.class,
                        wait -> assertThat(wait.time()).hasDays(2));
    }

    @Test
    void theKillSwitchAppliesLive() {
        ConfigGate.Verdict verdict =
                gate.consider(published(patterns("2026-11-24.2", false, 50, "2h", "30m")), NOW);

        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(verdict.ack().changes())
                .singleElement()
                .asString()
                .contains("patterns[browse].enabled");
        assertThat(gate.live().pattern("browse").enabled()).isFalse();
    }

    @Test
    void anInvalidDocumentIsRejectedWithEveryErrorAndThePreviousOneStays() {
        String broken =
                patterns("2026-11-24.2", true, 50, "2h", "30m")
                        .replace("priority: 50", "priority: high")
                        .replace("window: 2h", "windw: 2h");

        ConfigGate.Verdict verdict = gate.consider(published(broken), NOW);

        assertThat(verdict.applied()).isFalse();
        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(verdict.ack().version()).as("named though invalid").isEqualTo("2026-11-24.2");
        assertThat(verdict.ack().errors())
                .hasSize(2)
                .anySatisfy(error -> assertThat(error).contains("priority", "high"))
                .anySatisfy(error -> assertThat(error).contains("windw", "window"));
        assertThat(verdict.ack().liveVersion()).isEqualTo("2026-11-24.1");
        assertThat(gate.live().version()).isEqualTo("2026-11-24.1");
    }

    @Test
    void aDocumentThatIsNotEvenYamlIsRejectedToo() {
        ConfigGate.Verdict verdict = gate.consider(published("version: [unclosed"), NOW);

        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(verdict.ack().version()).isNull();
        assertThat(verdict.ack().errors()).isNotEmpty();
    }

    @Test
    void aChangeThatNeedsARestartListsExactlyThoseChangesAndAppliesNothing() {
        ConfigGate.Verdict verdict =
                gate.consider(published(patterns("2026-11-24.2", true, 90, "3h", "30m")), NOW);

        assertThat(verdict.applied()).isFalse();
        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.NEEDS_RESTART);
        assertThat(verdict.ack().changes())
                .as("the window only, not the live priority change that came with it")
                .singleElement()
                .asString()
                .contains("patterns[cart].params", "2h", "3h");
        assertThat(gate.live().version()).isEqualTo("2026-11-24.1");
        assertThat(gate.live().pattern("browse").action().priority())
                .as("nothing of it applied")
                .isEqualTo(50);
    }

    @Test
    void anAddedPatternNeedsARestart() {
        String added =
                patterns("2026-11-24.2", true, 50, "2h", "30m")
                        + """
                          - id: welcome
                            type: NEW_USER_NO_PURCHASE
                            action: {channels: [EMAIL], template: welcome_v1}
                        """;

        ConfigGate.Verdict verdict = gate.consider(published(added), NOW);

        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.NEEDS_RESTART);
        assertThat(verdict.ack().changes()).singleElement().asString().contains("welcome");
    }

    @Test
    void anOlderOrEqualVersionIsIgnoredWithAnAnswerSayingSo() {
        gate.consider(published(patterns("2026-11-24.10", true, 60, "2h", "30m")), NOW);

        ConfigGate.Verdict older =
                gate.consider(published(patterns("2026-11-24.9", true, 70, "2h", "30m")), NOW);
        ConfigGate.Verdict equal =
                gate.consider(published(patterns("2026-11-24.10", true, 80, "2h", "30m")), NOW);

        assertThat(List.of(older.ack(), equal.ack()))
                .allSatisfy(
                        ack -> {
                            assertThat(ack.status()).isEqualTo(ControlAck.Status.IGNORED);
                            assertThat(ack.message())
                                    .contains("not newer than version 2026-11-24.10");
                            assertThat(ack.liveVersion()).isEqualTo("2026-11-24.10");
                        });
        assertThat(gate.live().pattern("browse").action().priority()).isEqualTo(60);
    }

    @Test
    void aNewerVersionWithNoChangeIsAppliedForItsVersion() {
        ConfigGate.Verdict verdict =
                gate.consider(published(patterns("2026-11-24.2", true, 50, "2h", "30m")), NOW);

        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(verdict.ack().changes()).isEmpty();
        assertThat(verdict.ack().message()).contains("nothing but the version");
    }

    @Test
    void theJsonFormOfTheDocumentIsAcceptedToo() {
        String json =
                """
                {"version": "2026-11-24.2",
                 "timezone": "UTC",
                 "patterns": [
                   {"id": "browse", "type": "BROWSE_WITHOUT_BUY", "enabled": false,
                    "params": {"minViews": 2, "window": "30m"},
                    "action": {"channels": ["PUSH"], "template": "browse_v1", "priority": 50}},
                   {"id": "cart", "type": "CART_ABANDONMENT",
                    "params": {"window": "2h"},
                    "action": {"channels": ["PUSH"], "template": "cart_v1", "priority": 80}}]}
                """;

        ConfigGate.Verdict verdict = gate.consider(published(json), NOW);

        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.APPLIED);
        assertThat(gate.live().pattern("browse").enabled()).isFalse();
    }

    @Test
    void aDocumentWithBytesThatAreNotUtf8IsRejectedNotRepaired() {
        byte[] document = utf8(patterns("2026-11-24.2", true, 50, "2h", "30m"));
        int template = new String(document, StandardCharsets.UTF_8).indexOf("browse_v1");
        document[template + 6] = (byte) 0xC3;
        document[template + 7] = (byte) 0x28;

        ConfigGate.Verdict verdict = gate.consider(published(document, "maria"), NOW);

        assertThat(verdict.applied()).isFalse();
        assertThat(verdict.ack().status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(verdict.ack().errors()).singleElement().asString().contains("not valid UTF-8");
        assertThat(gate.live().version()).isEqualTo("2026-11-24.1");
    }

    @Test
    void theAnswerToADocumentOfTwentyThousandUnknownKeysListsTheFirstErrorsAndCountsTheRest() {
        StringBuilder document = new StringBuilder("version: \"2026-11-24.2\"\n");
        for (int i = 0; i < 20_000; i++) {
            document.append('k').append(i).append(": 1\n");
        }

        ControlAck ack = gate.consider(published(document.toString()), NOW).ack();

        assertThat(ack.status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(ack.message()).startsWith("20,001 errors");
        assertThat(ack.errors())
                .hasSize(ControlAck.MAX_LISTED + 1)
                .last()
                .isEqualTo("... and 19,951 more errors");
        assertThat(ack.toJson()).hasSizeLessThan(64 * 1024);
    }

    @Test
    void aVersionOfAHundredThousandCharactersIsRejectedAndNamedInShort() {
        String version = "9".repeat(100_000);

        ControlAck ack =
                gate.consider(published(patterns(version, true, 90, "2h", "30m")), NOW).ack();

        assertThat(ack.status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(ack.version()).hasSizeLessThanOrEqualTo(ControlAck.MAX_VERSION).endsWith("…");
        assertThat(ack.errors())
                .singleElement()
                .asString()
                .contains("version", "(100,002 characters)");
        assertThat(ack.toJson()).hasSizeLessThan(4 * 1024);
    }

    @Test
    void aDocumentLargerThanTheLimitIsRejectedUnread() {
        String huge = patterns("9".repeat(400_000), true, 90, "2h", "30m");

        ControlAck ack = gate.consider(published(huge), NOW).ack();

        assertThat(ack.status()).isEqualTo(ControlAck.Status.REJECTED);
        assertThat(ack.errors()).singleElement().asString().contains("262,144");
        assertThat(ack.toJson()).hasSizeLessThan(4 * 1024);
    }

    @Test
    void aPublisherNameThatIsTooLongOrNotUtf8IsRejected() {
        String document = patterns("2026-11-24.2", true, 90, "2h", "30m");

        ControlAck tooLong = gate.consider(published(utf8(document), "x".repeat(5_000)), NOW).ack();
        ControlAck binary =
                gate.consider(
                                new ControlDocument(
                                        utf8(document),
                                        PUBLISHED,
                                        new byte[] {(byte) 0xFF, 'a'},
                                        "marketing-control-0@1"),
                                NOW)
                        .ack();

        assertThat(List.of(tooLong, binary))
                .allSatisfy(
                        ack -> {
                            assertThat(ack.status()).isEqualTo(ControlAck.Status.REJECTED);
                            assertThat(ack.errors())
                                    .singleElement()
                                    .asString()
                                    .startsWith("changedBy (header)");
                            assertThat(ack.changedBy()).hasSizeLessThanOrEqualTo(64);
                        });
        assertThat(gate.live().version()).isEqualTo("2026-11-24.1");
    }

    @Test
    void theAnswerIsWrittenAsJson() {
        ControlAck ack =
                gate.consider(published(patterns("2026-11-24.2", false, 50, "2h", "30m")), NOW)
                        .ack();

        assertThat(new String(ack.toJson(), java.nio.charset.StandardCharsets.UTF_8))
                .contains(
                        "\"version\":\"2026-11-24.2\"",
                        "\"status\":\"APPLIED\"",
                        "\"changes\":[\"patterns[browse].enabled",
                        "\"errors\":[]",
                        "\"changedBy\":\"maria\"",
                        "\"publishedAt\":\"2023-11-14T22:13:20.000Z\"");
    }

    static String patterns(
            String version,
            boolean browseEnabled,
            int browsePriority,
            String cartWindow,
            String browseWindow) {
        return """
                version: "%s"
                timezone: UTC
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    enabled: %s
                    params: {minViews: 2, window: %s}
                    action: {channels: [PUSH], template: browse_v1, priority: %d}
                  - id: cart
                    type: CART_ABANDONMENT
                    params: {window: %s}
                    action: {channels: [PUSH], template: cart_v1, priority: 80}
                """
                .formatted(version, browseEnabled, browseWindow, browsePriority, cartWindow);
    }

    static ControlDocument published(String text) {
        return published(utf8(text), "maria");
    }

    static ControlDocument published(byte[] document, String changedBy) {
        return new ControlDocument(document, PUBLISHED, utf8(changedBy), "marketing-control-0@0");
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static ConfigGate gateStartedWith(String document) {
        try {
            PatternsConfig start = PatternsConfigReader.read(document, "test");
            return new ConfigGate(
                    ConfigDiff.enabledPatterns(start), LiveConfiguration.fromFile(start, document));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
