package dev.nudge.console.user;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.console.user.UserScan.ProfileState;
import dev.nudge.console.user.UserScan.Result;
import dev.nudge.console.user.UserScan.Seen;
import dev.nudge.console.user.UserScan.TopicScan;
import dev.nudge.policy.SuppressionReason;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Why a user did or did not get a message, as the console says it. */
class ExplanationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final String PROFILE =
            """
            {"userId":"u42","at":"2026-11-25T11:00:00.000Z","stage":"ACTIVE",
             "stageSince":"2026-10-01T00:00:00.000Z","segments":["high-value","ACTIVE","R5"],
             "lastSeen":"2026-11-25T10:58:00.000Z",
             "channels":{"PUSH":{"consent":true},"EMAIL":{"consent":false},"SMS":{"consent":false}}}
            """;

    @ParameterizedTest
    @EnumSource(SuppressionReason.class)
    void everySuppressionReasonHasASentenceThatNamesWhereToLook(SuppressionReason reason) {
        assertThat(Explanation.REASONS).containsKey(reason);
        assertThat(Explanation.reason(reason.name())).endsWith(".").hasSizeGreaterThan(40);

        Explanation explanation =
                explain(ProfileState.NONE, null, suppressed(reason.name(), minutesAgo(3)));

        assertThat(explanation.headline())
                .startsWith("No message: cart-abandonment was suppressed by " + reason.name())
                .contains("3 min ago");
        assertThat(explanation.details())
                .anySatisfy(d -> assertThat(d).startsWith(reason.name() + ": "));
    }

    @Test
    void aHoldoutHasASentenceToo() {
        Explanation explanation =
                explain(ProfileState.NONE, null, decision("HOLDOUT", null, "PUSH", minutesAgo(10)));

        assertThat(explanation.headline())
                .isEqualTo(
                        "No message: the user is held out of cart-abandonment (the control group);"
                                + " it would have gone on PUSH 10 min ago.");
        assertThat(explanation.details()).contains(Explanation.HOLDOUT);
    }

    @Test
    void aSendSaysChannelPatternAndWhen() {
        Explanation explanation =
                explain(ProfileState.FOUND, PROFILE, decision("SENT", null, "PUSH", minutesAgo(3)));

        assertThat(explanation.headline()).isEqualTo("Got a PUSH from cart-abandonment 3 min ago.");
        assertThat(explanation.details())
                .contains("1 decision read: 1 SENT.")
                .anySatisfy(d -> assertThat(d).startsWith("The profile says: stage ACTIVE"));
    }

    @Test
    void aFlowStepSaysTheFlowAndThePatternThatEnteredIt() {
        JsonNode step =
                json(
                        "{\"patternId\":\"cart-abandonment\",\"flowId\":\"cart-rescue\","
                                + "\"step\":\"second-nudge\",\"outcome\":\"SENT\","
                                + "\"channel\":\"EMAIL\"}");

        Explanation explanation = explain(ProfileState.NONE, null, new Seen(step, minutesAgo(120)));

        assertThat(explanation.headline())
                .isEqualTo(
                        "Got an EMAIL from flow cart-rescue step second-nudge (entered by"
                                + " cart-abandonment) 2 h ago.");
    }

    @Test
    void aFrequencyCapCountsTheMessagesOfTheDayBeforeIt() {
        Explanation explanation =
                explain(
                        ProfileState.NONE,
                        null,
                        suppressed("FREQUENCY_CAP", minutesAgo(3)),
                        decision("SENT", null, "PUSH", minutesAgo(60)),
                        decision("HOLDOUT", null, "PUSH", minutesAgo(300)),
                        decision("SENT", null, "EMAIL", minutesAgo(600)),
                        decision("SENT", null, "EMAIL", minutesAgo(3 * 24 * 60)));

        assertThat(explanation.headline())
                .isEqualTo(
                        "No message: cart-abandonment was suppressed by FREQUENCY_CAP 3 min ago —"
                                + " the user had already had 3 messages (sent or held out) in the"
                                + " day before (policy.frequencyCaps).");
        assertThat(explanation.details())
                .contains(
                        "Of the 5 decisions read: 1 SUPPRESSED, 3 SENT, 1 HOLDOUT.",
                        Explanation.HOLDOUT)
                .anySatisfy(d -> assertThat(d).startsWith("FREQUENCY_CAP: The user had reached"));
    }

    @Test
    void eachReasonPresentIsExplainedOnceNewestFirst() {
        Explanation explanation =
                explain(
                        ProfileState.NONE,
                        null,
                        suppressed("COOLDOWN", minutesAgo(1)),
                        suppressed("NO_CONSENT", minutesAgo(2)),
                        suppressed("COOLDOWN", minutesAgo(3)));

        assertThat(explanation.details())
                .filteredOn(d -> d.matches("^[A-Z_]+: .*"))
                .extracting(d -> d.substring(0, d.indexOf(':')))
                .containsExactly("COOLDOWN", "NO_CONSENT");
    }

    @Test
    void withoutADecisionTheProfileSaysStageConsentAndLastActivity() {
        Explanation explanation = explain(ProfileState.FOUND, PROFILE);

        assertThat(explanation.headline())
                .isEqualTo("No message: no pattern matched u42 in the last 7 days.");
        assertThat(explanation.details())
                .contains(
                        "The profile says: stage ACTIVE since 2026-10-01T00:00:00.000Z; consent"
                                + " PUSH yes, EMAIL no, SMS no; last seen"
                                + " 2026-11-25T10:58:00.000Z; segments high-value, ACTIVE, R5"
                                + " (as of 2026-11-25T11:00:00.000Z).");
    }

    @Test
    void anUnknownUserIsNothingFound() {
        Explanation explanation = explain(ProfileState.NONE, null);

        assertThat(explanation.headline())
                .isEqualTo("Nothing found for u42: no profile, no decision in the last 7 days.");
        assertThat(explanation.details().get(0)).contains("compared exactly");
    }

    @Test
    void anErasedUserSaysSo() {
        Explanation explanation = explain(ProfileState.ERASED, null);

        assertThat(explanation.headline()).contains("u42 was erased");
    }

    @Test
    void aReasonTheConsoleDoesNotKnowStillGetsASentence() {
        assertThat(Explanation.reason("SOMETHING_NEW"))
                .contains("SOMETHING_NEW", "docs/senders.md");
    }

    @Test
    void aCutShortLookupAndAMissingTopicAreSaid() {
        Result result =
                new Result(
                        ProfileState.NONE,
                        null,
                        List.of(),
                        List.of(),
                        List.of(
                                new TopicScan(
                                        "marketing-decisions",
                                        1,
                                        4,
                                        "x",
                                        0,
                                        10,
                                        5,
                                        0,
                                        false,
                                        "cut")),
                        List.of("marketing-conversions"),
                        Duration.ofDays(7),
                        10);

        Explanation explanation = Explanation.of("u42", result, NOW);

        assertThat(explanation.details())
                .anySatisfy(d -> assertThat(d).contains("marketing-conversions does not exist"))
                .anySatisfy(d -> assertThat(d).contains("cut short"));
    }

    @Test
    void agoIsInWholeUnits() {
        assertThat(Explanation.ago(Duration.ofSeconds(2))).isEqualTo("just now");
        assertThat(Explanation.ago(Duration.ofSeconds(42))).isEqualTo("42 s ago");
        assertThat(Explanation.ago(Duration.ofMinutes(59))).isEqualTo("59 min ago");
        assertThat(Explanation.ago(Duration.ofHours(30))).isEqualTo("30 h ago");
        assertThat(Explanation.ago(Duration.ofDays(3))).isEqualTo("3 days ago");
    }

    private static Explanation explain(ProfileState state, String profile, Seen... decisions) {
        Result result =
                new Result(
                        state,
                        profile == null ? null : json(profile),
                        List.of(decisions),
                        List.of(),
                        new ArrayList<>(),
                        List.of(),
                        Duration.ofDays(7),
                        10);
        return Explanation.of("u42", result, NOW);
    }

    private static Seen suppressed(String reason, long writtenAt) {
        return decision("SUPPRESSED", reason, null, writtenAt);
    }

    private static Seen decision(String outcome, String reason, String channel, long writtenAt) {
        var node = JSON.createObjectNode();
        node.put("patternId", "cart-abandonment")
                .put("outcome", outcome)
                .put("suppressedBy", reason)
                .put("channel", channel)
                .put("triggeredAt", Instant.ofEpochMilli(writtenAt).toString());
        return new Seen(node, writtenAt);
    }

    private static long minutesAgo(long minutes) {
        return NOW.minus(Duration.ofMinutes(minutes)).toEpochMilli();
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
