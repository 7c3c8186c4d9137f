package dev.nudge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link Uplift}. */
class UpliftTest {
    private static final double FOUR_PLACES = 0.00005;

    @Test
    void wilsonIntervalOfFiftySixInSeventy() {
        // p = 0.8, z = 1.96: (2np + z^2 -/+ z sqrt(z^2 + 4np(1 - p))) / (2(n + z^2))
        //   = (112 + 3.8415 -/+ 1.96 sqrt(3.8415 + 44.8)) / 147.6829 = 0.6918 and 0.8770
        double[] interval = Uplift.wilson(56, 70);

        assertThat(interval[0]).isCloseTo(0.6918, within(FOUR_PLACES));
        assertThat(interval[1]).isCloseTo(0.8770, within(FOUR_PLACES));
    }

    @Test
    void newcombesOwnExampleFiftySixInSeventyAgainstFortyEightInEighty() {
        // Newcombe (1998), Table II, example (a), method 10: 0.0524 to 0.3339. By hand from the
        // Wilson limits, 56/70 in (0.6918, 0.8770) and 48/80 in (0.4905, 0.7004):
        //   lower = 0.2 - sqrt((0.8 - 0.6918)^2 + (0.7004 - 0.6)^2) = 0.2 - 0.1476 = 0.0524
        //   upper = 0.2 + sqrt((0.8770 - 0.8)^2 + (0.6 - 0.4905)^2) = 0.2 + 0.1339 = 0.3339
        Uplift uplift = Uplift.of(users(70, 56), users(80, 48)).orElseThrow();

        assertThat(uplift.difference()).isCloseTo(0.2, within(1e-12));
        assertThat(uplift.lower()).isCloseTo(0.0524, within(FOUR_PLACES));
        assertThat(uplift.upper()).isCloseTo(0.3339, within(FOUR_PLACES));
    }

    @Test
    void noConversionsInEitherArmStillGiveAnIntervalAroundZero() {
        // With no conversions each Wilson interval is (0, z^2 / (n + z^2)): 0.0876 for 40 and
        // 0.1135 for 30. The lower limit is minus the holdout's upper, the upper the treatment's.
        Uplift uplift = Uplift.of(users(40, 0), users(30, 0)).orElseThrow();

        assertThat(uplift.difference()).isZero();
        assertThat(uplift.lower()).isCloseTo(-0.1135, within(FOUR_PLACES));
        assertThat(uplift.upper()).isCloseTo(0.0876, within(FOUR_PLACES));
    }

    @Test
    void everyConversionAgainstNoneStaysWithinOne() {
        Uplift uplift = Uplift.newcombe(30, 30, 0, 30);

        assertThat(uplift.difference()).isEqualTo(1.0);
        assertThat(uplift.upper()).isEqualTo(1.0);
        assertThat(uplift.lower()).isBetween(0.0, 1.0);
    }

    @Test
    void isWithheldWhileAnArmHasFewerThanThirtyUsers() {
        Users enough = users(Uplift.MIN_ARM_USERS, 3);

        assertThat(Uplift.of(enough, users(12, 1))).isEmpty();
        assertThat(Uplift.withheld(enough, users(12, 1)))
                .contains("holdout too small: 12 < 30 users");
        assertThat(Uplift.withheld(users(5, 0), users(0, 0)))
                .contains("treatment too small: 5 < 30 users; holdout too small: 0 < 30 users");
        assertThat(Uplift.withheld(enough, enough)).isEmpty();
        assertThat(Uplift.of(enough, enough)).isPresent();
    }

    @Test
    void isWithheldWhenMoreUsersConvertedThanThereAre() {
        assertThat(Uplift.withheld(users(40, 41), users(40, 1)))
                .contains("treatment has more converted users than users: 41 > 40");
    }

    /** {@code n} users of whom {@code converted} converted, revenue left out. */
    private static Users users(long n, long converted) {
        return new Users(n, converted, 0, 0);
    }
}
