package dev.nudge.generate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Senders deduplicate by action id and analysts join by decision id: over generated histories,
 * under the shipped patterns and every other kind of moment (per-category repurchase, churn,
 * milestones), no two decisions and no two actions share an id.
 */
class UniqueIdsPropertyTest {
    private static final String MORE_PATTERNS =
            """
              - id: restock-category
                type: PREDICTED_REPURCHASE
                params: {scope: CATEGORY, minOccasions: 2, leadTime: 1d}
                action: {channels: [PUSH], template: restock_cat_v1, cooldown: 0s}
              - id: restock-soon
                type: PREDICTED_REPURCHASE
                params: {scope: CATEGORY, minOccasions: 2, leadTime: 0s}
                action: {channels: [EMAIL], template: restock_now_v1, cooldown: 0s}
              - id: churned
                type: LIFECYCLE_TRANSITION
                params: {to: CHURNED}
                action: {channels: [EMAIL], template: churned_v1, cooldown: 0s}
              - id: big-week
                type: HIGH_VALUE
                params: {spend: 50, window: 7d}
                action: {channels: [EMAIL], template: big_week_v1, cooldown: 0s}
            """;

    /**
     * A second line of the same order, in a staple category of its own (one of three): real orders
     * hold several, so that per-category moments of one user fall due at the same instant.
     */
    private static UserEvent secondLine(UserEvent purchase) {
        String staple = "staple-" + Math.floorMod(purchase.userId().hashCode(), 3);
        return UserEvent.builder(
                        purchase.eventId() + "-2",
                        purchase.userId(),
                        EventType.PURCHASE,
                        purchase.ts())
                .item(staple + "-item", staple, null)
                .price(3.5)
                .orderId(purchase.orderId())
                .build();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 7, 2026})
    void everyDecisionAndEveryActionHasAnIdOfItsOwn(long seed) throws Exception {
        String shipped = Files.readString(Path.of("../config/patterns.yaml"));
        PatternsConfig config =
                PatternsConfigReader.read(
                        shipped.replace("\npatterns:\n", "\npatterns:\n" + MORE_PATTERNS),
                        "patterns.yaml with every kind of moment");
        JourneyReplay journey = new JourneyReplay(config, 5_000);
        ShopperGenerator events =
                new ShopperGenerator(
                        800,
                        ShopperGenerator.DEFAULT_START,
                        Duration.ofDays(120),
                        seed,
                        ZoneId.of("Asia/Shanghai"));
        while (events.hasNext()) {
            UserEvent event = events.next();
            journey.send(event);
            if (event.type() == EventType.PURCHASE) {
                journey.send(secondLine(event));
            }
        }
        journey.endOfInput();

        assertThat(journey.decisions)
                .extracting(Decision::patternId)
                .as("every kind of moment occurs")
                .contains("restock-category", "restock-soon", "churned", "big-week");
        assertThat(journey.decisions).extracting(Decision::decisionId).doesNotHaveDuplicates();
        assertThat(journey.actions).extracting(Action::actionId).doesNotHaveDuplicates();
    }
}
