package dev.nudge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Channel;
import dev.nudge.flow.FlowEvent;
import dev.nudge.policy.Engagement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link Json}: the records written for {@code marketing-engagement} and a backtest's
 * {@code flows.jsonl}.
 */
class JsonTest {

    @Test
    void anEngagementRecordNamesTheActionWhatSentItTheStepAndBothTimes() {
        Engagement opened =
                new Engagement(
                        "9133ac0d-a797-8abc-9428-ca1dc0a5d8c8",
                        "u596",
                        "browse-abandonment",
                        null,
                        Channel.PUSH,
                        "2026-11-24.1",
                        Engagement.Step.OPENED,
                        Instant.parse("2026-11-01T00:39:06.307Z").toEpochMilli(),
                        Instant.parse("2026-11-01T00:41:00Z").toEpochMilli());

        assertThat(new String(Json.engagement(opened), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"actionId\":\"9133ac0d-a797-8abc-9428-ca1dc0a5d8c8\",\"userId\":\"u596\","
                                + "\"patternId\":\"browse-abandonment\",\"variant\":null,"
                                + "\"channel\":\"PUSH\",\"configVersion\":\"2026-11-24.1\","
                                + "\"step\":\"OPENED\",\"sentAt\":\"2026-11-01T00:39:06.307Z\","
                                + "\"at\":\"2026-11-01T00:41:00.000Z\"}");
    }

    @Test
    void anEngagementRecordOfAVariantNamesIt() {
        Engagement clicked =
                new Engagement(
                        "9133ac0d-a797-8abc-9428-ca1dc0a5d8c8",
                        "u596",
                        "browse-abandonment",
                        "b",
                        Channel.EMAIL,
                        "2026-11-24.1",
                        Engagement.Step.CLICKED,
                        0L,
                        1L);

        assertThat(new String(Json.engagement(clicked), StandardCharsets.UTF_8))
                .contains("\"variant\":\"b\",\"channel\":\"EMAIL\"")
                .contains("\"step\":\"CLICKED\"");
    }

    @Test
    void aFlowEventNamesTheUserTheFlowTheStepWhatHappenedAndWhen() {
        FlowEvent timedOut =
                new FlowEvent(
                        "u596",
                        "cart-rescue",
                        "wait-open",
                        FlowEvent.Kind.TIMED_OUT,
                        Instant.parse("2026-11-02T00:39:06.307Z").toEpochMilli(),
                        false,
                        "2026-11-24.1",
                        null);

        assertThat(new String(Json.flowEvent(timedOut), StandardCharsets.UTF_8))
                .isEqualTo(
                        "{\"userId\":\"u596\",\"flowId\":\"cart-rescue\","
                                + "\"step\":\"wait-open\",\"kind\":\"TIMED_OUT\","
                                + "\"at\":\"2026-11-02T00:39:06.307Z\",\"holdout\":false,"
                                + "\"configVersion\":\"2026-11-24.1\",\"detail\":null}");
    }

    @Test
    void anEntryHasNoStepAndALeavingSaysWhy() {
        FlowEvent entered =
                new FlowEvent(
                        "u7", "cart-rescue", null, FlowEvent.Kind.ENTERED, 0L, true, "v1", null);
        FlowEvent left =
                new FlowEvent(
                        "u7",
                        "cart-rescue",
                        "email",
                        FlowEvent.Kind.LEFT,
                        0L,
                        true,
                        "v2",
                        "the step was removed");

        assertThat(new String(Json.flowEvent(entered), StandardCharsets.UTF_8))
                .contains("\"step\":null,\"kind\":\"ENTERED\"")
                .contains("\"holdout\":true");
        assertThat(new String(Json.flowEvent(left), StandardCharsets.UTF_8))
                .endsWith(
                        "\"kind\":\"LEFT\",\"at\":\"1970-01-01T00:00:00.000Z\",\"holdout\":true,"
                                + "\"configVersion\":\"v2\",\"detail\":\"the step was removed\"}");
    }
}
