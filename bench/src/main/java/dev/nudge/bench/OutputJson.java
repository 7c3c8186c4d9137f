package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileView;
import dev.nudge.wire.ByteRecords;
import dev.nudge.wire.Json;
import dev.nudge.wire.ProfileJson;
import dev.nudge.wire.TunedJackson;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The job's JSON outputs written three ways, on the records of a replay of generated shoppers
 * through the journey engine: the profile snapshot of every user at the end of the data, every
 * action and every decision. The ways: {@code JsonBytes} (the hand-written byte writer), Jackson's
 * generator tuned (one per thread, reused over one buffer, names encoded once), and Jackson's
 * generator as {@link Json} uses it (a new one per record).
 */
final class OutputJson {
    final List<String> users = new ArrayList<>();
    final List<Profile> profiles = new ArrayList<>();
    final List<Action> actions;
    final List<Decision> decisions;
    final ProfileView view;
    final long now;

    OutputJson(Dataset data, PatternsConfig config, JourneySettings settings, long outOfOrderness)
            throws InvalidEventException {
        JourneyReplay replay = new JourneyReplay(config, settings, outOfOrderness);
        EventParser parser = EventParser.forHistory(65_536);
        for (byte[] record : data.records) {
            replay.send(parser.parse(record));
        }
        for (Map.Entry<String, Journey> journey : replay.journeys().entrySet()) {
            if (!journey.getValue().profile().isEmpty()) {
                users.add(journey.getKey());
                profiles.add(journey.getValue().profile());
            }
        }
        actions = List.copyOf(replay.actions);
        decisions = List.copyOf(replay.decisions);
        view = new ProfileView(config);
        now = data.lastTime();
    }

    long snapshotsByBytes(ProfileJson writer) {
        long size = 0;
        for (int i = 0; i < users.size(); i++) {
            size += writer.snapshot(users.get(i), view.of(profiles.get(i)), now).length;
        }
        return size;
    }

    long snapshotsByJackson(TunedJackson writer) throws IOException {
        long size = 0;
        for (int i = 0; i < users.size(); i++) {
            size += writer.snapshot(users.get(i), view.of(profiles.get(i)), now).length;
        }
        return size;
    }

    long recordsByJson() {
        long size = 0;
        for (Action action : actions) {
            size += Json.action(action).length;
        }
        for (Decision decision : decisions) {
            size += Json.decision(decision).length;
        }
        return size;
    }

    long recordsByJackson(TunedJackson writer) throws IOException {
        long size = 0;
        for (Action action : actions) {
            size += writer.action(action).length;
        }
        for (Decision decision : decisions) {
            size += writer.decision(decision).length;
        }
        return size;
    }

    long recordsByBytes(ByteRecords writer) {
        long size = 0;
        for (Action action : actions) {
            size += writer.action(action).length;
        }
        for (Decision decision : decisions) {
            size += writer.decision(decision).length;
        }
        return size;
    }

    /** How many records the ways wrote differently (they must write the same bytes). */
    int differences() throws IOException {
        ProfileJson bytes = new ProfileJson();
        TunedJackson jackson = TunedJackson.forSnapshots();
        int differences = 0;
        for (int i = 0; i < users.size(); i++) {
            if (!Arrays.equals(
                    bytes.snapshot(users.get(i), view.of(profiles.get(i)), now),
                    jackson.snapshot(users.get(i), view.of(profiles.get(i)), now))) {
                differences++;
            }
        }
        TunedJackson records = TunedJackson.forRecords();
        ByteRecords byteRecords = new ByteRecords();
        for (Action action : actions) {
            byte[] expected = Json.action(action);
            if (!Arrays.equals(expected, records.action(action))
                    || !Arrays.equals(expected, byteRecords.action(action))) {
                differences++;
            }
        }
        for (Decision decision : decisions) {
            byte[] expected = Json.decision(decision);
            if (!Arrays.equals(expected, records.decision(decision))
                    || !Arrays.equals(expected, byteRecords.decision(decision))) {
                differences++;
            }
        }
        return differences;
    }
}
