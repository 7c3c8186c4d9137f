package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.Times;
import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyCodec;
import dev.nudge.journey.JourneyReplay;
import dev.nudge.journey.JourneySettings;
import dev.nudge.profile.ProfileView;
import dev.nudge.state.StateOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Bytes of state per user: the dataset replayed through the journey engine, then every user's
 * journey serialized as the job stores it. Measured at the end of the data, with events still
 * waiting for the watermark and episodes open, as a live job would hold them.
 */
final class StateSizes {
    private StateSizes() {}

    record Sizes(
            int users,
            long p50,
            long p99,
            long max,
            double mean,
            double accessesPerEvent,
            double timersPerEvent,
            double timerChangesPerEvent,
            long profileP50,
            long profileP99,
            java.util.Map<String, Integer> stages,
            int predicted) {}

    static Sizes measure(
            Dataset data, PatternsConfig config, JourneySettings settings, long outOfOrderness)
            throws IOException {
        JourneyReplay replay = new JourneyReplay(config, settings, outOfOrderness);
        EventParser parser = EventParser.forHistory(65_536);
        for (byte[] record : data.records) {
            try {
                replay.send(parser.parse(record));
            } catch (InvalidEventException e) {
                throw new IllegalStateException("the benchmark data has an invalid record", e);
            }
        }
        long[] sizes = new long[replay.journeys().size()];
        int i = 0;
        CountingStream counter = new CountingStream();
        DataOutputStream out = new DataOutputStream(counter);
        long total = 0;
        long[] profiles = new long[sizes.length];
        java.util.Map<String, Integer> stages = new java.util.TreeMap<>();
        int predicted = 0;
        ProfileView view = new ProfileView(config);
        StateOutput profileBytes = new StateOutput(256);
        for (Journey journey : replay.journeys().values()) {
            counter.count = 0;
            JourneyCodec.write(journey, out);
            out.flush();
            profileBytes.reset(0);
            journey.profile().writeTo(profileBytes);
            profiles[i] = profileBytes.size();
            sizes[i++] = counter.count;
            total += counter.count;
            if (!journey.profile().isEmpty()) {
                ProfileView profile = view.of(journey.profile());
                stages.merge(profile.stage().name(), 1, Integer::sum);
                if (profile.predictedNextPurchase() != Times.NONE) {
                    predicted++;
                }
            }
        }
        return new Sizes(
                sizes.length,
                Stats.percentile(sizes, 50),
                Stats.percentile(sizes, 99),
                Stats.percentile(sizes, 100),
                sizes.length == 0 ? 0 : (double) total / sizes.length,
                (double) replay.stateAccesses() / data.size(),
                (double) replay.timerWakeUps() / data.size(),
                (double) replay.timerChanges() / data.size(),
                Stats.percentile(profiles, 50),
                Stats.percentile(profiles, 99),
                stages,
                predicted);
    }

    /** How many distinct users the dataset has events of. */
    static int measureUsers(Dataset data) throws InvalidEventException {
        EventParser parser = EventParser.forHistory(65_536);
        java.util.Set<String> users = new java.util.HashSet<>();
        for (byte[] record : data.records) {
            users.add(parser.parse(record).userId());
        }
        return users.size();
    }

    private static final class CountingStream extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
