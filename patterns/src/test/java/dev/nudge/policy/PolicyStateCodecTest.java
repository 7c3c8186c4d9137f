package dev.nudge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.Goal;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.pattern.ActionParams;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The parts of the policy's state that format 9 added: the variant and goal of the last touch, and
 * the recent sends with the steps seen and the bytes they take.
 */
class PolicyStateCodecTest {
    private static final long NOW = 1_764_000_000_000L;

    @Test
    void theVariantAndATagsGoalWithItsWindowReadBack() throws IOException {
        PolicyState state = new PolicyState();
        Attribution.touched(
                state.touch,
                new Decision(
                        "d-1",
                        "u",
                        "win-back",
                        "b",
                        null,
                        "v1",
                        NOW,
                        List.of(),
                        Outcome.HOLDOUT,
                        null,
                        null,
                        Channel.EMAIL,
                        "lapsed",
                        null,
                        null),
                NOW,
                new Goal("crm-gold", Duration.ofDays(7)));

        PolicyState read = readBack(state, Formats.STRATEGY);

        assertThat(read.touch.variant).isEqualTo("b");
        assertThat(read.touch.goalType).isEqualTo(EventType.TAG);
        assertThat(read.touch.goal()).isEqualTo("crm-gold");
        assertThat(read.touch.goalWindow(1)).isEqualTo(Duration.ofDays(7).toMillis());
        assertThat(read.touch.holdout).isTrue();
    }

    @Test
    void theRecentSendsOfOnePatternTakeTheirIdsAndLittleMore() throws IOException {
        PolicyState state = new PolicyState();
        int last = RecentSends.CAPACITY;
        for (int i = 0; i <= last; i++) {
            state.recent.add(action(i, i % 2 == 0 ? null : "b"));
        }
        state.recent.find(id(last)).see(Engagement.Step.OPENED);

        PolicyState read = readBack(state, Formats.STRATEGY);

        assertThat(read.recent.size()).isEqualTo(RecentSends.CAPACITY);
        assertThat(read.recent.find(id(0))).as("the oldest went first").isNull();
        RecentSends.Sent newest = read.recent.find(id(last));
        assertThat(newest.saw(Engagement.Step.OPENED)).isTrue();
        assertThat(newest.saw(Engagement.Step.DELIVERED)).isFalse();
        assertThat(newest.variant).isNull();
        assertThat(read.recent.find(id(last - 1)).variant).isEqualTo("b");
        assertThat(newest.patternId).isEqualTo("browse-abandonment");
        assertThat(newest.configVersion).isEqualTo("2026-11-24.1");
        assertThat(newest.channel).isEqualTo(Channel.PUSH);
        assertThat(newest.sentAt).isEqualTo(NOW - 16 + last);

        StateOutput out = new StateOutput(64).reset(NOW);
        state.recent.write(out);
        // 1 count; the first kept (1): 8 id + 1 flags + 1 time (sent milliseconds ago here; days
        // ago take 5) + 19 pattern + 13 version; then 10 each; and 2 more for each variant "b"
        // (those of odd numbers: 1 and 3).
        assertThat(out.size()).isEqualTo(1 + 42 + 3 * 10 + 2 * 2);
    }

    @Test
    void aFormat8StateHasNoRecentSendsAndAPurchaseGoal() throws IOException {
        PolicyState state = new PolicyState();
        state.recent.add(action(1, null));

        StateOutput out = new StateOutput(64).reset(NOW);
        // As format 8 wrote it: no recent sends after the touch (here none set).
        state.arbitration.write(out);
        state.held.write(out);
        state.touch.write(out);
        StateInput in = new StateInput(out.buffer(), 0, out.size(), NOW);
        in.format(Formats.EXACT);
        PolicyState read = new PolicyState();
        read.readWaiting(in);

        assertThat(read.recentSends()).isZero();
        assertThat(read.touch.goal()).isEqualTo("PURCHASE");
    }

    @Test
    void onlyAnIdWrittenAsALowerCaseUuidIsRemembered() {
        assertThat(RecentSends.uuid(id(3))).isNotNull();
        assertThat(RecentSends.uuid(id(3).toUpperCase())).isNull();
        assertThat(RecentSends.uuid("a-1")).isNull();
        assertThat(RecentSends.uuid("9133ac0d+a797-8abc-9428-ca1dc0a5d8c8")).isNull();
    }

    private static PolicyState readBack(PolicyState state, int format) throws IOException {
        StateOutput out = new StateOutput(64).reset(NOW);
        state.writeWaiting(out);
        StateInput in = new StateInput(out.buffer(), 0, out.size(), NOW);
        in.format(format);
        PolicyState read = new PolicyState();
        read.readWaiting(in);
        return read;
    }

    private static String id(int n) {
        return String.format("9133ac0d-a797-8abc-9428-%012x", n);
    }

    private static Action action(int n, String variant) {
        return new Action(
                id(n),
                "u",
                "browse-abandonment",
                variant,
                "2026-11-24.1",
                Channel.PUSH,
                "t",
                ActionParams.NONE,
                null,
                50,
                NOW - 100,
                NOW - 16 + n,
                NOW + 100,
                "viewed",
                List.of(),
                null,
                null);
    }
}
