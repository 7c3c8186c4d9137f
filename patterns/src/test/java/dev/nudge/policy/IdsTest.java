package dev.nudge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.PatternType;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link Ids}: the ids of a match and the holdout group are pinned, since consumers
 * deduplicate on the ids and a user must stay in the arm drawn for them.
 */
class IdsTest {
    private static final long SATURDAY_10AM = 1_511_575_200_000L;

    @Test
    void givesAMatchTheSameIdsInEveryRun() {
        Match match =
                new Match(
                        "browse-abandonment",
                        PatternType.BROWSE_WITHOUT_BUY,
                        "u596",
                        SATURDAY_10AM,
                        SATURDAY_10AM,
                        List.of("e1", "e2"),
                        new ActionParams(List.of("i1"), "c1", null, null, null),
                        "viewed");
        Match bare =
                new Match(
                        "repurchase",
                        PatternType.BROWSE_WITHOUT_BUY,
                        "u7",
                        SATURDAY_10AM + 1,
                        SATURDAY_10AM,
                        List.of(),
                        ActionParams.NONE,
                        "r");

        assertThat(Ids.decisionId(match)).isEqualTo("695ac94c-0a8d-809c-b1ae-1679792eb610");
        assertThat(Ids.actionId(match)).isEqualTo("ec92666a-0046-83e0-b011-c12260b7b310");
        assertThat(Ids.decisionId(bare)).isEqualTo("f7d8718a-0745-82ae-926a-c4419b6c38b5");
        assertThat(Ids.actionId(bare)).isEqualTo("7c5fed67-0cce-8e16-8054-b7b82f6f0518");
    }

    @Test
    void drawsTheSameHoldoutGroupInEveryRun() {
        assertThat(
                        IntStream.range(0, 200)
                                .mapToObj(i -> "u" + i)
                                .filter(user -> Ids.inHoldout(user, "2026-q4", 5)))
                .containsExactly(
                        "u18", "u32", "u53", "u76", "u79", "u82", "u87", "u97", "u130", "u138",
                        "u159");
    }
}
