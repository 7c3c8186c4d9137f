package dev.nudge.job;

import dev.nudge.control.ConfigUpdate;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Decision;
import org.apache.flink.state.rocksdb.RocksDBKeyedStateBackend;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.types.Either;

/**
 * The journey operator: Flink's keyed two-input process operator around {@link JourneyFunction},
 * which tells the function whether its state backend keeps serialized copies (RocksDB), so that
 * decoded journeys may be cached in front of it ({@link JourneyCache}).
 *
 * <p>Its second input joins two streams: SEQUENCE matches partitioned by user, and configuration
 * updates broadcast to every instance. The input has no key selector, since an update belongs to no
 * user; a match's user becomes the current key here, as Flink does for a keyed input.
 */
public final class JourneyOperator
        extends KeyedCoProcessOperator<String, UserEvent, Either<Match, ConfigUpdate>, Decision> {
    private static final long serialVersionUID = 1L;

    public JourneyOperator(JourneyFunction function) {
        super(function);
    }

    @Override
    public void processElement2(StreamRecord<Either<Match, ConfigUpdate>> element)
            throws Exception {
        if (element.getValue().isLeft()) {
            setCurrentKey(element.getValue().left().userId());
        }
        super.processElement2(element);
    }

    @Override
    public void open() throws Exception {
        if (getKeyedStateBackend() instanceof RocksDBKeyedStateBackend<?>) {
            ((JourneyFunction) getUserFunction()).cacheJourneys(this);
        }
        super.open();
    }
}
