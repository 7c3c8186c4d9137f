package dev.nudge.job;

import dev.nudge.event.Ingested;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
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

    /**
     * For an input without event time (the control topic): idle from the start and for good, so
     * that where it joins the events it neither holds their time back nor, with a watermark of its
     * own, moves it when the events themselves are idle. Its records flow all the same.
     */
    public static <T> WatermarkStrategy<T> neverHoldingBack() {
        return context ->
                new WatermarkGenerator<>() {
                    @Override
                    public void onEvent(T record, long timestamp, WatermarkOutput output) {}

                    @Override
                    public void onPeriodicEmit(WatermarkOutput output) {
                        output.markIdle();
                    }
                };
    }

    /** How far event time advances between two watermarks of a history replay. */
    static final long HISTORY_STEP = Duration.ofMinutes(1).toMillis();

    /**
     * Watermarks for a history read at full speed (a backtest): the same bound, but a watermark
     * each time event time has moved {@link #HISTORY_STEP} past the last one, not every 200 ms of
     * processing time, in which a file source reads days of events. The watermark then never trails
     * the events by more than the bound and a minute, however fast they are read: no user runs over
     * {@code maxPendingEvents}, and what the job decides is the same in every run.
     */
    public static WatermarkStrategy<Ingested> forHistory(JobSettings.WatermarkSettings settings) {
        long bound = settings.maxOutOfOrderness().toMillis();
        WatermarkStrategy<Ingested> strategy =
                context -> new HistoryWatermarks(bound, HISTORY_STEP);
        return strategy.withTimestampAssigner(
                        (record, previous) ->
                                record.isEvent() ? record.event().ts() : Long.MIN_VALUE)
                .withIdleness(settings.idleness());
    }

    /** Bounded out-of-orderness, emitted as event time advances by a step. */
    private static final class HistoryWatermarks implements WatermarkGenerator<Ingested> {
        private final long bound;
        private final long step;
        private long newest = Long.MIN_VALUE;
        private long emitted = Long.MIN_VALUE;

        HistoryWatermarks(long bound, long step) {
            this.bound = bound;
            this.step = step;
        }

        @Override
        public void onEvent(Ingested record, long timestamp, WatermarkOutput output) {
            if (!record.isEvent()) {
                return;
            }
            newest = Math.max(newest, timestamp);
            long watermark = newest - bound - 1;
            if (emitted == Long.MIN_VALUE || watermark >= emitted + step) {
                emit(watermark, output);
            }
        }

        @Override
        public void onPeriodicEmit(WatermarkOutput output) {
            if (newest != Long.MIN_VALUE) {
                emit(newest - bound - 1, output);
            }
        }

        private void emit(long watermark, WatermarkOutput output) {
            if (watermark > emitted) {
                output.emitWatermark(new Watermark(watermark));
                emitted = watermark;
            }
        }
    }
}
