package dev.nudge.profile;

import static dev.nudge.testing.Shopper.BEGINNING;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternsConfig;
import dev.nudge.config.ProfileSpec;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import dev.nudge.wire.ProfileJson;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;

/**
 * Thousands of random events for one user: every bound holds, and a profile that is encoded and
 * decoded again and again behaves exactly like one that never is.
 */
class ProfileBoundsTest {
    private static final EventType[] TYPES = EventType.values();

    @RepeatedTest(5)
    void everyBoundHoldsWhateverTheUserDoes(RepetitionInfo repetition) throws Exception {
        Random random = new Random(repetition.getCurrentRepetition());
        PatternsConfig config = Configs.browse(2, "30m");
        ProfileUpdater keeper = new ProfileUpdater(config, Duration.ofHours(1));
        ProfileSpec limits = ProfileSpec.DEFAULTS;
        Profile profile = new Profile();
        Profile reread = new Profile();
        ProfileView view = new ProfileView(config).of(profile);
        ProfileView rereadView = new ProfileView(config);
        long ts = BEGINNING;
        int maxBytes = 0;
        for (int i = 0; i < 5_000; i++) {
            ts += (long) (random.nextDouble() * random.nextDouble() * 3_600_000L * 24);
            while (keeper.nextDeadline(profile) <= ts) {
                long deadline = keeper.nextDeadline(profile);
                assertThat(keeper.nextDeadline(reread)).isEqualTo(deadline);
                keeper.onDeadline(profile, deadline);
                keeper.onDeadline(reread, deadline);
            }
            EventType type = TYPES[random.nextInt(TYPES.length)];
            if (type == EventType.ERASE) {
                continue;
            }
            UserEvent event = randomEvent(random, type, ts, i);
            keeper.onEvent(profile, event);
            keeper.onEvent(reread, event);
            assertThat(keeper.takeSnapshot(reread, ts))
                    .as("snapshot decision after event %d", i)
                    .isEqualTo(keeper.takeSnapshot(profile, ts));

            assertThat(view.categoryAffinities(ts))
                    .hasSizeLessThanOrEqualTo(limits.topCategories());
            assertThat(view.brandAffinities(ts)).hasSizeLessThanOrEqualTo(limits.topBrands());
            assertThat(view.recentItems()).hasSizeLessThanOrEqualTo(limits.recentItems());
            assertThat(view.categoryCycles()).hasSizeLessThanOrEqualTo(limits.cycleCategories());
            assertThat(profile.spend.size()).isLessThanOrEqualTo(SpendWindow.MAX_DAYS);
            int hour = view.bestSendHour();
            assertThat(hour).isBetween(-1, 23);
            assertThat(view.priceSensitivity()).isBetween(0.0, 1.0);
            assertThat(view.topBrandShare()).isBetween(0.0, 1.0);

            if (i % 250 == 0) {
                StateOutput out = new StateOutput(64).reset(ts);
                reread.writeTo(out);
                maxBytes = Math.max(maxBytes, out.size());
                reread = Profile.readFrom(new StateInput(out.buffer(), 0, out.size(), ts));
            }
            if (i % 50 == 0) {
                assertThat(new String(new ProfileJson().snapshot("u", rereadView.of(reread), ts)))
                        .as("the decoded profile after event %d", i)
                        .isEqualTo(new String(new ProfileJson().snapshot("u", view, ts)));
            }
        }
        assertThat(maxBytes).as("serialized profile, bytes").isLessThanOrEqualTo(2048);
    }

    private static UserEvent randomEvent(Random random, EventType type, long ts, int i) {
        UserEvent.Builder event =
                UserEvent.builder("e" + i, "u1", type, ts)
                        .item(
                                "item-" + random.nextInt(500),
                                "cat-" + random.nextInt(40),
                                random.nextBoolean() ? "brand-" + random.nextInt(30) : null)
                        .price(random.nextInt(10) == 0 ? null : random.nextDouble() * 300)
                        .quantity(1 + random.nextInt(3))
                        .discounted(random.nextBoolean());
        Channel channel = Channel.values()[random.nextInt(Channel.values().length)];
        switch (type) {
            case CONSENT -> event.consent(channel, random.nextBoolean());
            case MESSAGE_DELIVERED, MESSAGE_OPENED, MESSAGE_CLICKED -> event.channel(channel);
            case REVIEW -> event.rating(1 + random.nextInt(5));
            case REGISTER ->
                    event.timezone(random.nextBoolean() ? "Europe/Berlin" : "Nowhere/City");
            default -> {}
        }
        return event.build();
    }
}
