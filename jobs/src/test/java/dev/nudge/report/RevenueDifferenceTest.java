package dev.nudge.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Tests for {@link RevenueDifference}: Welch's normal approximation, by hand. */
class RevenueDifferenceTest {
    private static final double FOUR_PLACES = 0.00005;

    @Test
    void welchIntervalOfTwoArmsWithTheirOwnVariances() {
        // Treatment: 40 users, 10 of them brought 20 each: mean 5, s^2 = (4000 - 40 * 25) / 39 =
        // 76.9231. Holdout: 50 users, 5 brought 20: mean 2, s^2 = (2000 - 50 * 4) / 49 = 36.7347.
        // SE = sqrt(76.9231 / 40 + 36.7347 / 50) = 1.63027; 3 -/+ 1.96 * SE = -0.1953 to 6.1953.
        Users treatment = new Users(40, 10, 10 * 20, 10 * 400);
        Users holdout = new Users(50, 5, 5 * 20, 5 * 400);

        RevenueDifference difference = RevenueDifference.of(treatment, holdout).orElseThrow();

        assertThat(difference.difference()).isCloseTo(3.0, within(1e-12));
        assertThat(difference.lower()).isCloseTo(-0.1953, within(FOUR_PLACES));
        assertThat(difference.upper()).isCloseTo(6.1953, within(FOUR_PLACES));
    }

    @Test
    void noRevenueInEitherArmIsADifferenceOfExactlyZero() {
        RevenueDifference difference =
                RevenueDifference.of(new Users(40, 0, 0, 0), new Users(30, 0, 0, 0)).orElseThrow();

        assertThat(difference).isEqualTo(new RevenueDifference(0, 0, 0));
    }

    @Test
    void isWithheldUnderTheSameRuleAsTheUplift() {
        assertThat(RevenueDifference.of(new Users(40, 3, 60, 1200), new Users(29, 1, 20, 400)))
                .isEmpty();
    }
}
