package dev.nudge.job;

import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decision;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;

/**
 * The journey operator: Flink's keyed two-input process operator around {@link JourneyFunction},
 * which tells the function whether its state backend keeps serialized copies (RocksDB), so that
 * decoded journeys may be cached in front of it ({@link JourneyCache}).
 */
public final class JourneyOperator
        extends KeyedCoProcessOperator<String, UserEvent, Match, Decision> {
    private static final long serialVersionUID = 1L;

    public JourneyOperator(JourneyFunction function) {
        super(function);
    }

    @Override
    public void open() throws Exception {
        if (getKeyedStateBackend() instanceof RocksDBKeyedStateBackend<?>) {
            ((JourneyFunction) getUserFunction()).cacheJourneys(this);
        }
        super.open();
    }
}
