package dev.nudge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PolicySpec;
import dev.nudge.config.Variant;
import dev.nudge.testing.Configs;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/**
 * {@link Assignment}: the same user always lands in the same arm, the arms get the shares their
 * weights ask for (a χ² goodness-of-fit test on 100,000 users), a change of weights or variants
 * moves only the users it must, and the variant a user is in does not depend on the holdout.
 */
class AssignmentTest {
    private static final int USERS = 100_000;

    /** χ² at p = 0.001 with 2 degrees of freedom (three variants, or a 2 × 3 table). */
    private static final double CRITICAL_2_DF = 13.816;

    /** The weights of an experiment's variants, in order; its holdout share. */
    private static PatternsConfig experiment(String variants, double holdoutPercent) {
        return Configs.parse(
                """
                version: "assignment-1"
                policy: {holdoutSalt: "2026-q4"}
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                    holdoutPercent: %s
                    action:
                      channels: [PUSH]
                      template: t
                      variants: %s
                """
                        .formatted(holdoutPercent, variants));
    }

    private static final String FIFTY_THIRTY_TWENTY =
            "[{id: a, weight: 50}, {id: b, weight: 30}, {id: c, weight: 20}]";

    private static String user(int i) {
        return "user-" + i;
    }

    /** Each user's variant, whether held out or not. */
    private static String[] variants(PatternsConfig config) {
        PatternSpec pattern = config.pattern("browse");
        String[] variants = new String[USERS];
        for (int i = 0; i < USERS; i++) {
            variants[i] = Assignment.variant(user(i), pattern, config.policy().holdoutSalt()).id();
        }
        return variants;
    }

    /** Pearson's χ² of {@code observed} counts against the shares {@code expected}. */
    private static double chiSquared(long[] observed, double[] expected) {
        long total = 0;
        for (long count : observed) {
            total += count;
        }
        double chi = 0;
        for (int i = 0; i < observed.length; i++) {
            double e = expected[i] * total;
            chi += (observed[i] - e) * (observed[i] - e) / e;
        }
        return chi;
    }

    private static long[] counts(String[] variants, List<String> ids, boolean[] only) {
        long[] counts = new long[ids.size()];
        for (int i = 0; i < variants.length; i++) {
            if (only == null || only[i]) {
                counts[ids.indexOf(variants[i])]++;
            }
        }
        return counts;
    }

    @Test
    void theSameUserGetsTheSameVariantInEveryReadingOfTheSameConfiguration() {
        PatternsConfig once = experiment(FIFTY_THIRTY_TWENTY, 10);
        PatternsConfig again = experiment(FIFTY_THIRTY_TWENTY, 10);

        assertThat(variants(again)).containsExactly(variants(once));
        assertThat(Assignment.variant("alice", once.pattern("browse"), "2026-q4").id())
                .isEqualTo(Assignment.variant("alice", again.pattern("browse"), "2026-q4").id());
    }

    @Test
    void fiftyThirtyTwentySplitsAHundredThousandUsersInTheirWeights() {
        PatternsConfig config = experiment(FIFTY_THIRTY_TWENTY, 10);
        PatternSpec pattern = config.pattern("browse");
        String[] variants = variants(config);
        boolean[] treated = new boolean[USERS];
        int heldOut = 0;
        for (int i = 0; i < USERS; i++) {
            treated[i] = !Assignment.inHoldout(user(i), pattern, config.policy());
            heldOut += treated[i] ? 0 : 1;
        }

        double[] shares = {0.5, 0.3, 0.2};
        double everyone = chiSquared(counts(variants, List.of("a", "b", "c"), null), shares);
        double notHeldOut = chiSquared(counts(variants, List.of("a", "b", "c"), treated), shares);
        assertThat(everyone).as("χ² of the split of all users").isLessThan(CRITICAL_2_DF);
        assertThat(notHeldOut)
                .as("χ² of the split of the users not held out")
                .isLessThan(CRITICAL_2_DF);
        // 10 % of 100,000: σ = √(100,000 · 0.1 · 0.9) ≈ 95; four σ either way.
        assertThat(heldOut).as("users held out").isBetween(9_620, 10_380);
    }

    @Test
    void theVariantDoesNotDependOnTheHoldout() {
        PatternsConfig config = experiment(FIFTY_THIRTY_TWENTY, 10);
        PatternSpec pattern = config.pattern("browse");
        String[] variants = variants(config);
        long[][] table = new long[2][3];
        List<String> ids = List.of("a", "b", "c");
        for (int i = 0; i < USERS; i++) {
            int arm = Assignment.inHoldout(user(i), pattern, config.policy()) ? 1 : 0;
            table[arm][ids.indexOf(variants[i])]++;
        }

        // χ² test of independence of the 2 × 3 table holdout × variant.
        double chi = 0;
        for (int arm = 0; arm < 2; arm++) {
            for (int v = 0; v < 3; v++) {
                double rowTotal = table[arm][0] + table[arm][1] + table[arm][2];
                double columnTotal = table[0][v] + table[1][v];
                double expected = rowTotal * columnTotal / USERS;
                chi += Math.pow(table[arm][v] - expected, 2) / expected;
            }
        }
        assertThat(chi).as("χ² of holdout × variant").isLessThan(CRITICAL_2_DF);
        assertThat(Assignment.assigned("anyone", pattern, config.policy()))
                .satisfiesAnyOf(
                        variant -> assertThat(variant).isNull(),
                        variant -> assertThat(variant.id()).isIn(ids));
    }

    @Test
    void raisingOneWeightMovesUsersOnlyIntoThatVariant() {
        String[] before = variants(experiment(FIFTY_THIRTY_TWENTY, 0));
        String[] after =
                variants(
                        experiment(
                                "[{id: a, weight: 50}, {id: b, weight: 30}, {id: c, weight: 40}]",
                                0));

        int moved = 0;
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                assertThat(after[i]).as("where %s moved", user(i)).isEqualTo("c");
                moved++;
            }
        }
        // c's share goes from 20 % to 40/120: a sixth of the others, 13.3 % of all users, move.
        assertThat(moved).isBetween(12_800, 13_870);
    }

    @Test
    void loweringOneWeightMovesUsersOnlyOutOfThatVariant() {
        String[] before = variants(experiment(FIFTY_THIRTY_TWENTY, 0));
        String[] after =
                variants(
                        experiment(
                                "[{id: a, weight: 25}, {id: b, weight: 30}, {id: c, weight: 20}]",
                                0));

        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                assertThat(before[i]).as("where %s came from", user(i)).isEqualTo("a");
            }
        }
    }

    @Test
    void addingAVariantMovesUsersOnlyIntoIt() {
        String[] before = variants(experiment(FIFTY_THIRTY_TWENTY, 0));
        String[] after =
                variants(
                        experiment(
                                "[{id: a, weight: 50}, {id: b, weight: 30}, {id: c, weight: 20},"
                                        + " {id: d, weight: 25}]",
                                0));

        Map<String, Integer> into = new LinkedHashMap<>();
        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                into.merge(after[i], 1, Integer::sum);
            }
        }
        assertThat(into).containsOnlyKeys("d");
        // d takes 25/125 = 20 % of the users.
        assertThat(into.get("d")).isBetween(19_500, 20_500);
    }

    @Test
    void removingAVariantMovesOnlyItsUsers() {
        String[] before = variants(experiment(FIFTY_THIRTY_TWENTY, 0));
        String[] after = variants(experiment("[{id: a, weight: 50}, {id: c, weight: 20}]", 0));
        String[] zeroWeight =
                variants(
                        experiment(
                                "[{id: a, weight: 50}, {id: b, weight: 0}, {id: c, weight: 20}]",
                                0));

        for (int i = 0; i < USERS; i++) {
            if (!before[i].equals(after[i])) {
                assertThat(before[i]).as("where %s came from", user(i)).isEqualTo("b");
            }
        }
        assertThat(zeroWeight)
                .as("a weight of 0 is the same as no variant")
                .containsExactly(after)
                .doesNotContain("b");
    }

    @Test
    void aLargerHoldoutHoldsOutTheSameUsersAndMoreAndOnlyThePatternsOwn() {
        PatternsConfig ten = experiment(FIFTY_THIRTY_TWENTY, 10);
        PatternsConfig twenty = experiment(FIFTY_THIRTY_TWENTY, 20);
        PolicySpec policy = ten.policy();
        PatternSpec withTen = ten.pattern("browse");
        PatternSpec withTwenty = twenty.pattern("browse");

        int alsoHeldOut = 0;
        for (int i = 0; i < USERS; i++) {
            if (Assignment.inHoldout(user(i), withTen, policy)) {
                assertThat(Assignment.inHoldout(user(i), withTwenty, policy)).isTrue();
                assertThat(Assignment.assigned(user(i), withTen, policy)).isNull();
            } else if (Assignment.inHoldout(user(i), withTwenty, policy)) {
                alsoHeldOut++;
            }
            assertThat(Assignment.inHoldout(user(i), withTen, policy))
                    .as("the pattern's share, drawn as the policy's is")
                    .isEqualTo(Ids.inHoldout(user(i), "2026-q4", 10));
        }
        assertThat(alsoHeldOut).isBetween(9_500, 10_500);
    }

    @Test
    void twoPatternsSplitTheSameUsersIndependently() {
        PatternsConfig config = experiment(FIFTY_THIRTY_TWENTY, 0);
        PatternSpec browse = config.pattern("browse");
        PatternSpec other =
                new PatternSpec(
                        "other",
                        browse.type(),
                        true,
                        browse.params(),
                        browse.audience(),
                        browse.action(),
                        browse.schedule(),
                        null);

        int same = 0;
        for (int i = 0; i < USERS; i++) {
            Variant one = Assignment.variant(user(i), browse, "2026-q4");
            Variant two = Assignment.variant(user(i), other, "2026-q4");
            same += Objects.equals(one.id(), two.id()) ? 1 : 0;
        }
        // Independent: 0.5² + 0.3² + 0.2² = 38 % in the same variant of both.
        assertThat(same).isBetween(37_400, 38_600);
    }

    @Test
    void aPatternWithoutVariantsAssignsNone() {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "1"
                        patterns:
                          - {id: p, type: BROWSE_WITHOUT_BUY, action: {channels: [PUSH], template: t}}
                        """);

        assertThat(Assignment.variant("alice", config.pattern("p"), "nudge")).isNull();
        assertThat(Assignment.assigned("alice", config.pattern("p"), config.policy())).isNull();
    }
}
