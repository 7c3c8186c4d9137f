package dev.nudge.profile;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.config.LifecycleStage;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.testing.Configs;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Whatever a reader gets from a profile stays as it was read, and cannot change the profile. */
class ProfileViewTest {
    private final PatternsConfig config = Configs.browse(2, "30m");
    private final ProfileUpdater updater = new ProfileUpdater(config, Duration.ofHours(1));
    private final Profile profile = new Profile();
    private final ProfileView view = new ProfileView(config).of(profile);
    private int sequence;

    private void buys(String item, String category, String brand, long at) {
        updater.onEvent(
                profile,
                UserEvent.builder("e" + sequence++, "u1", EventType.PURCHASE, at)
                        .item(item, category, brand)
                        .price(10.0)
                        .build());
    }

    private void views(String item, String category, long at) {
        updater.onEvent(
                profile,
                UserEvent.builder("e" + sequence++, "u1", EventType.VIEW, at)
                        .item(item, category, "acme")
                        .build());
    }

    @Test
    void whatWasReadStaysAsItWasWhileTheProfileMovesOn() {
        buys("i1", "shoes", "acme", BEGINNING);
        views("i2", "shoes", BEGINNING + ONE_HOUR);
        long now = BEGINNING + ONE_HOUR;

        PurchaseCycle cycle = view.cycle();
        List<PurchaseCycle> categoryCycles = view.categoryCycles();
        List<Affinity> categories = view.categoryAffinities(now);
        List<String> recentItems = view.recentItems();
        List<String> segments = view.segments(now);
        float[] hours = view.hourScores();
        float[] hoursAsRead = hours.clone();

        buys("i3", "shoes", "acme", BEGINNING + 10 * ONE_DAY);
        buys("i4", "bags", "other", BEGINNING + 20 * ONE_DAY);
        views("i5", "bags", BEGINNING + 20 * ONE_DAY + ONE_HOUR);

        assertThat(cycle.occasions()).isEqualTo(1);
        assertThat(view.cycle().occasions()).isEqualTo(3);
        assertThat(categoryCycles).extracting(PurchaseCycle::categoryId).containsExactly("shoes");
        assertThat(view.categoryCycles())
                .extracting(PurchaseCycle::categoryId)
                .containsExactly("shoes", "bags");
        assertThat(categories).extracting(Affinity::id).containsExactly("shoes");
        assertThat(recentItems).containsExactly("i2");
        assertThat(view.recentItems()).containsExactly("i5", "i2");
        assertThat(segments).contains("NEW").doesNotContain("ACTIVE");
        assertThat(view.segments(now)).contains("ACTIVE");
        assertThat(hours).containsExactly(hoursAsRead);
    }

    @Test
    void whatIsReadCannotChangeTheProfile() {
        buys("i1", "shoes", "acme", BEGINNING);
        views("i2", "shoes", BEGINNING + ONE_HOUR);
        long now = BEGINNING + ONE_HOUR;

        assertThatThrownBy(() -> view.recentItems().clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> view.segments(now).add("high-value"))
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> view.categoryAffinities(now).clear())
                .isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> view.categoryCycles().clear())
                .isInstanceOf(UnsupportedOperationException.class);

        int bestHour = view.bestSendHour();
        Arrays.fill(view.hourScores(), 0f);
        view.hourScores()[(bestHour + 1) % 24] = 1_000f;
        assertThat(view.bestSendHour()).as("the scores handed out were copies").isEqualTo(bestHour);
    }

    @Test
    void everyReadReturnsAValueNeverAPartOfTheProfile() {
        Set<Class<?>> values =
                Set.of(String.class, List.class, ZoneId.class, float[].class, ProfileView.class);
        List<Method> reads =
                Arrays.stream(ProfileView.class.getDeclaredMethods())
                        .filter(method -> Modifier.isPublic(method.getModifiers()))
                        .toList();

        assertThat(reads).isNotEmpty();
        assertThat(reads)
                .allSatisfy(
                        read -> {
                            Class<?> type = read.getReturnType();
                            assertThat(
                                            type.isPrimitive()
                                                    || type.isRecord()
                                                    || type.isEnum()
                                                    || values.contains(type))
                                    .as("%s returns %s", read.getName(), type.getSimpleName())
                                    .isTrue();
                        });
    }

    @Test
    void oneViewShowsTheProfileItIsPointedAt() {
        Profile other = new Profile();
        buys("i1", "shoes", "acme", BEGINNING);

        assertThat(view.of(profile).purchases()).isEqualTo(1);
        assertThat(view.of(other).purchases()).isZero();
        assertThat(view.of(profile).stage()).isEqualTo(LifecycleStage.NEW);
    }
}
