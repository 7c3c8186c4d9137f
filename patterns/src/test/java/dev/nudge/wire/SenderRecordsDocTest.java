package dev.nudge.wire;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfigReader;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.testing.Readme;
import dev.nudge.testing.Shopper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The example action of {@code docs/senders.md} is what the shipped patterns make of a shopper who
 * registers, looks at three bags and leaves: written from the engine, so that it cannot go stale
 * ({@code -Dreadme.write=true} writes it again).
 */
class SenderRecordsDocTest {

    @Test
    void theSendersExampleActionIsOneTheShippedPatternsMake() throws Exception {
        Shopper mia = Shopper.named("u596");
        JourneyReplay journey =
                new JourneyReplay(
                                PatternsConfigReader.read(Path.of("..", "config", "patterns.yaml")),
                                5_000)
                        .send(
                                mia.registers().at(BEGINNING),
                                mia.views("10000103", "1007919").at(BEGINNING + ONE_MINUTE),
                                mia.views("10000116", "1007919").at(BEGINNING + 2 * ONE_MINUTE),
                                mia.views("10000156", "1007919").at(BEGINNING + 3 * ONE_MINUTE))
                        .endOfInput();

        Action action =
                journey.actions.stream()
                        .filter(a -> a.patternId().equals("browse-abandonment"))
                        .findFirst()
                        .orElseThrow();
        assertThat(action.offer())
                .as("a new user's first-order coupon")
                .isEqualTo("FIRST_ORDER_COUPON");
        String json = new String(Json.action(action), StandardCharsets.UTF_8);
        Readme.assertWritten(
                "an action of the shipped patterns",
                "```json\n" + json + "\n```\n",
                "SenderRecordsDocTest");
    }
}
