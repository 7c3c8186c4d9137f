package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.pattern.PatternType;
import dev.nudge.policy.ActionParams;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link JourneyCodec}. */
class JourneyCodecTest {
    private final Shopper alice = Shopper.named("alice");

    @Test
    void aJourneyReadBackContinuesExactlyWhereItWas() throws IOException {
        UserEvent[] before = {
            alice.views("a", "c1").at(BEGINNING),
            alice.views("b", "c2").at(BEGINNING + ONE_MINUTE),
            alice.views("c", "c2").at(BEGINNING + 2 * ONE_MINUTE)
        };
        UserEvent after = alice.views("d", "c2").at(BEGINNING + 3 * ONE_MINUTE);

        JourneyReplay uninterrupted =
                new JourneyReplay(Configs.browse(2, "30m"), 5000)
                        .send(before)
                        .send(after)
                        .endOfInput();

        JourneyReplay restored = new JourneyReplay(Configs.browse(2, "30m"), 5000).send(before);
        Journey saved = restored.journey("alice");
        Journey copy = roundTrip(saved);
        assertThat(copy.pendingEvents()).isEqualTo(saved.pendingEvents()).isPositive();
        assertThat(copy.armedTimer()).isEqualTo(saved.armedTimer());
        copyInto(saved, copy);
        restored.send(after).endOfInput();

        assertThat(restored.actions).isEqualTo(uninterrupted.actions).hasSize(1);
    }

    @Test
    void everyFieldOfAWaitingEventSurvives() throws IOException {
        UserEvent full =
                new UserEvent(
                        "e1",
                        "alice",
                        EventType.REGISTER,
                        BEGINNING,
                        "i",
                        "c",
                        "b",
                        12.5,
                        3,
                        true,
                        "o",
                        "s",
                        "q",
                        4,
                        Channel.EMAIL,
                        false,
                        "a1",
                        "25-34",
                        "F",
                        "east",
                        "Asia/Shanghai");
        PendingEvents waiting = new PendingEvents();
        waiting.add(full);
        StateOutput out = new StateOutput(16).reset(BEGINNING);
        waiting.write(out);
        PendingEvents read = new PendingEvents();
        read.read(new StateInput(out.buffer(), 0, out.size(), BEGINNING));

        assertThat(read.poll()).isEqualTo(full);
    }

    @Test
    void everyFieldOfAWaitingMatchSurvives() throws IOException {
        Match full =
                new Match(
                        "searched-not-viewed",
                        PatternType.SEQUENCE,
                        "alice",
                        BEGINNING + 10 * ONE_MINUTE,
                        BEGINNING,
                        List.of("e1", "e2"),
                        new ActionParams(List.of("i1", "i2"), "c", "b", "COUPON_10", "2026-12-01"),
                        "searched and viewed nothing within 10 min");
        Match sparse =
                new Match(
                        "other",
                        PatternType.SEQUENCE,
                        "alice",
                        BEGINNING + ONE_MINUTE,
                        BEGINNING,
                        List.of(),
                        ActionParams.NONE,
                        "");
        PendingMatches waiting = new PendingMatches();
        waiting.add(full);
        waiting.add(sparse);
        StateOutput out = new StateOutput(16).reset(BEGINNING);
        waiting.write(out);
        PendingMatches read = new PendingMatches();
        read.read(new StateInput(out.buffer(), 0, out.size(), BEGINNING));

        assertThat(read.poll()).as("earliest trigger first").isEqualTo(sparse);
        assertThat(read.poll()).isEqualTo(full);
    }

    @Test
    void anIdleJourneyIsSmall() throws IOException {
        JourneyReplay journey =
                new JourneyReplay(Configs.browse(2, "30m"), 5000)
                        .send(
                                alice.views("a").at(BEGINNING),
                                alice.buys("a").at(BEGINNING + ONE_MINUTE));
        journey.advanceWatermark(BEGINNING + 40 * ONE_MINUTE);

        // No open episode: the profile of a view and a purchase, and the two recent event ids.
        assertThat(serialize(journey.journey("alice"))).hasSizeLessThan(200);
    }

    static Journey roundTrip(Journey journey) throws IOException {
        return JourneyCodec.read(new DataInputStream(new ByteArrayInputStream(serialize(journey))));
    }

    static byte[] serialize(Journey journey) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        JourneyCodec.write(journey, new DataOutputStream(bytes));
        return bytes.toByteArray();
    }

    /** Replaces the driver's live journey with the one read back from bytes. */
    private static void copyInto(Journey live, Journey copy) {
        live.clock = copy.clock;
        live.lastEventAt = copy.lastEventAt;
        live.armedTimer = copy.armedTimer;
        live.recentIds.size = copy.recentIds.size;
        System.arraycopy(copy.recentIds.hashes, 0, live.recentIds.hashes, 0, copy.recentIds.size);
        System.arraycopy(copy.recentIds.times, 0, live.recentIds.times, 0, copy.recentIds.size);
        live.pending.view().clear();
        live.pending.view().addAll(copy.pending.view());
        live.slots.clear();
        live.slots.addAll(copy.slots);
    }
}
