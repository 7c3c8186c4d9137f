package dev.nudge.job;

import dev.nudge.event.Ingested;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * The job's notion of event time: bounded out-of-orderness with idleness, per source split.
 *
 * <p>Only valid events move the watermark. A dead letter carries no trustworthy time, and an event
 * too far ahead of the processing clock is itself a dead letter (see {@code events.maxFutureSkew}),
 * so one producer with a wrong clock cannot drag time ahead for all users.
 */
public final class EventTime {
    private EventTime() {}

    public static WatermarkStrategy<Ingested> watermarks(JobSettings.WatermarkSettings settings) {
        WatermarkStrategy<Ingested> strategy =
                WatermarkStrategy.<Ingested>forBoundedOutOfOrderness(settings.maxOutOfOrderness())
                        .withTimestampAssigner(
                                (record, previous) ->
                                        record.isEvent() ? record.event().ts() : Long.MIN_VALUE);
        return strategy.withIdleness(settings.idleness());
    }
}
