package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternType;
import dev.nudge.event.Times;
import dev.nudge.journey.OpenEpisode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The lines of {@code open-episodes.jsonl}: an open episode and a held moment tell apart. */
class OpenEpisodeJsonTest {
    private static final long EVENING = Instant.parse("2017-11-25T14:15:00Z").toEpochMilli();
    private static final long MORNING = Instant.parse("2017-11-26T00:00:00Z").toEpochMilli();

    @Test
    void anOpenEpisodeSaysWhenItBegan() {
        OpenEpisode open =
                new OpenEpisode(
                        "u1",
                        "browse-abandonment",
                        PatternType.BROWSE_WITHOUT_BUY,
                        EVENING,
                        Times.NONE);

        assertThat(line(open))
                .isEqualTo(
                        "{\"userId\":\"u1\",\"patternId\":\"browse-abandonment\","
                                + "\"patternType\":\"BROWSE_WITHOUT_BUY\",\"state\":\"open\","
                                + "\"openSince\":\"2017-11-25T14:15:00.000Z\"}");
    }

    @Test
    void aHeldMomentIsAMatchWithItsTriggerTimeAndTheTimeItLeavesTheHold() {
        OpenEpisode held =
                new OpenEpisode(
                        "u1", "cart-abandonment", PatternType.CART_ABANDONMENT, EVENING, MORNING);

        assertThat(line(held))
                .isEqualTo(
                        "{\"userId\":\"u1\",\"patternId\":\"cart-abandonment\","
                                + "\"patternType\":\"CART_ABANDONMENT\",\"state\":\"held\","
                                + "\"triggeredAt\":\"2017-11-25T14:15:00.000Z\","
                                + "\"heldUntil\":\"2017-11-26T00:00:00.000Z\"}")
                .doesNotContain("openSince");
    }

    @Test
    void aHeldMessageOfAFlowNamesTheFlowAndTheStepBesideThePatternThatEnteredTheUser() {
        OpenEpisode held =
                new OpenEpisode(
                        "u1",
                        "cart-abandonment",
                        PatternType.CART_ABANDONMENT,
                        EVENING,
                        MORNING,
                        "cart-rescue",
                        "push");

        assertThat(line(held))
                .isEqualTo(
                        "{\"userId\":\"u1\",\"patternId\":\"cart-abandonment\","
                                + "\"patternType\":\"CART_ABANDONMENT\",\"state\":\"held\","
                                + "\"triggeredAt\":\"2017-11-25T14:15:00.000Z\","
                                + "\"heldUntil\":\"2017-11-26T00:00:00.000Z\","
                                + "\"flowId\":\"cart-rescue\",\"step\":\"push\"}");
    }

    private static String line(OpenEpisode episode) {
        return new String(OpenEpisodeJson.of(episode), StandardCharsets.UTF_8);
    }
}
