package dev.nudge.job;

import dev.nudge.control.ConfigUpdate;
import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneySettings;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decision;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.types.Either;

/**
 * The journey operator in Flink's operator test harness, on heap or RocksDB state: events on the
 * first input, matches of SEQUENCE patterns on the second, one watermark for both.
 */
public final class JourneyHarness
        extends KeyedTwoInputStreamOperatorTestHarness<
                String, UserEvent, Either<Match, ConfigUpdate>, Decision> {

    private JourneyHarness(String patterns, JourneySettings settings) throws Exception {
        super(
                new JourneyOperator(new JourneyFunction(patterns, settings, "user-events")),
                UserEvent::userId,
                // An update belongs to no user; the operator ignores the key for it.
                input -> input.isLeft() ? input.left().userId() : "",
                Types.STRING);
    }

    /**
     * An open harness of {@link JourneyFunction}.
     *
     * @param backend {@code heap} or {@code rocksdb}
     * @param restoreFrom a snapshot to start from, or {@code null}
     */
    public static JourneyHarness open(
            String patterns,
            JourneySettings settings,
            String backend,
            OperatorSubtaskState restoreFrom)
            throws Exception {
        JourneyHarness harness = new JourneyHarness(patterns, settings);
        harness.setStateBackend(
                backend.equals("rocksdb")
                        ? new EmbeddedRocksDBStateBackend()
                        : new HashMapStateBackend());
        if (restoreFrom != null) {
            harness.initializeState(restoreFrom);
        }
        harness.open();
        return harness;
    }

    /** Sends events with their event times as record timestamps. */
    public void send(UserEvent... events) throws Exception {
        for (UserEvent event : events) {
            processElement1(event, event.ts());
        }
    }

    /** Sends a match as a SEQUENCE pattern's CEP operator would, stamped with its trigger time. */
    public void sendMatch(Match match) throws Exception {
        processElement2(Either.Left(match), match.triggeredAt());
    }

    /** Delivers a configuration the control operator applied, as its broadcast would. */
    void sendConfig(ConfigUpdate update) throws Exception {
        processElement2(new StreamRecord<>(Either.Right(update)));
    }

    JourneyFunction function() {
        return (JourneyFunction) ((JourneyOperator) getOperator()).getUserFunction();
    }

    /** Moves the watermark of both inputs. */
    public void processWatermark(long time) throws Exception {
        processBothWatermarks(new Watermark(time));
    }

    /**
     * Users with journey state as a checkpoint would hold it: the journeys cached in front of
     * RocksDB are written back first, as before a snapshot.
     */
    long stateEntries() throws Exception {
        if (function().cache() != null) {
            function().cache().flush();
        }
        return storedEntries();
    }

    /**
     * Users with journey state in the state backend now; counted through the key iterator, which
     * RocksDB supports too.
     */
    long storedEntries() {
        try (var keys =
                getOperator().getKeyedStateBackend().getKeys("journey", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    static <T> List<T> values(Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
