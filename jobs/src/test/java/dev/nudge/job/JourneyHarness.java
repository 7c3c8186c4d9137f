package dev.nudge.job;

import dev.nudge.event.UserEvent;
import dev.nudge.journey.JourneySettings;
import dev.nudge.policy.Decision;
import java.util.Collection;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.hashmap.HashMapStateBackend;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/** The journey operator in Flink's operator test harness, on heap or RocksDB state. */
final class JourneyHarness {
    private JourneyHarness() {}

    /**
     * An open harness of {@link JourneyFunction}.
     *
     * @param backend {@code heap} or {@code rocksdb}
     * @param restoreFrom a snapshot to start from, or {@code null}
     */
    static KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Decision> open(
            String patterns,
            JourneySettings settings,
            String backend,
            OperatorSubtaskState restoreFrom)
            throws Exception {
        var harness =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(
                                new JourneyFunction(patterns, settings, "user-events")),
                        UserEvent::userId,
                        Types.STRING);
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
    static void send(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Decision> harness,
            UserEvent... events)
            throws Exception {
        for (UserEvent event : events) {
            harness.processElement(event, event.ts());
        }
    }

    /** Users with journey state; counted through the key iterator, which RocksDB supports too. */
    static long stateEntries(
            KeyedOneInputStreamOperatorTestHarness<String, UserEvent, Decision> harness) {
        try (var keys =
                harness.getOperator()
                        .getKeyedStateBackend()
                        .getKeys("journey", VoidNamespace.INSTANCE)) {
            return keys.count();
        }
    }

    static <T> List<T> values(Collection<StreamRecord<T>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }
}
