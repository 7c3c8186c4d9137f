package dev.nudge.sequence;

import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;

/**
 * Counts the events a SEQUENCE pattern's CEP operator dropped as late ({@code
 * nudge.pattern.<id>.eventsLate}). They reach the dead-letter topic once, from the journey, which
 * sees the same events against the same watermarks; here they are only counted.
 */
public final class LateForSequence extends RichFlatMapFunction<UserEvent, Match> {
    private static final long serialVersionUID = 1L;
    private final String patternId;
    private transient Counter late;

    public LateForSequence(String patternId) {
        this.patternId = patternId;
    }

    @Override
    public void open(OpenContext context) {
        late =
                getRuntimeContext()
                        .getMetricGroup()
                        .addGroup("nudge")
                        .addGroup("pattern", patternId)
                        .counter("eventsLate");
    }

    @Override
    public void flatMap(UserEvent event, Collector<Match> out) {
        late.inc();
    }
}
