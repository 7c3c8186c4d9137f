package dev.nudge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Channel;
import dev.nudge.policy.Engagement;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Tests for {@link Json}: the records written for {@code marketing-engagement}. */
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
}
