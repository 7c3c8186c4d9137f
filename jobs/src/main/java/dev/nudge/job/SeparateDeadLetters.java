package dev.nudge.job;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.Ingested;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import java.util.EnumMap;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Lets valid events through and sends every rejected record to the dead-letter side output,
 * counting both: {@code nudge_events_valid} and {@code nudge_events_dead_letters{reason=...}}.
 */
final class SeparateDeadLetters extends ProcessFunction<Ingested, UserEvent> {
    private static final long serialVersionUID = 1L;

    private transient Counter valid;
    private transient Map<RejectReason, Counter> rejected;

    @Override
    public void open(OpenContext context) {
        MetricGroup nudge = getRuntimeContext().getMetricGroup().addGroup("nudge");
        valid = nudge.counter("eventsValid");
        rejected = new EnumMap<>(RejectReason.class);
        for (RejectReason reason : RejectReason.values()) {
            rejected.put(reason, nudge.addGroup("reason", reason.name()).counter("deadLetters"));
        }
    }

    @Override
    public void processElement(Ingested record, Context context, Collector<UserEvent> out) {
        if (record.isEvent()) {
            valid.inc();
            out.collect(record.event());
        } else {
            DeadLetter deadLetter = record.deadLetter();
            rejected.get(deadLetter.reason()).inc();
            context.output(Outputs.DEAD_LETTERS.tag(), deadLetter);
        }
    }
}
