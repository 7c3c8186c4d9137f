package dev.nudge.bench;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Ingested;
import dev.nudge.event.UserEvent;
import dev.nudge.job.EventTime;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.job.Outputs;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import java.util.function.Consumer;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;

/** The topologies the benchmark compares, all fed by the same in-memory source. */
final class Variants {
    private Variants() {}

    /** (a) The ceiling: read and parse every record, nothing else. */
    static Consumer<StreamExecutionEnvironment> parseOnly(Dataset data) {
        return env ->
                env.fromSource(
                                MemorySource.of(data, 0, false),
                                WatermarkStrategy.noWatermarks(),
                                "events",
                                TypeInformation.of(Ingested.class))
                        .sinkTo(new DiscardingSink<>());
    }

    /** (b) The pass-through keyed job: parse, watermarks, keyBy user, one small state update. */
    static Consumer<StreamExecutionEnvironment> passThrough(Dataset data, JobSettings settings) {
        return env ->
                events(env, MemorySource.of(data, 0, false), settings)
                        .keyBy(UserEvent::userId, Types.STRING)
                        .process(new CountPerUser(), Types.VOID)
                        .uid("count-per-user")
                        .sinkTo(new DiscardingSink<>());
    }

    /**
     * (b') The floor of the journey operator's state layout: parse, watermarks, keyBy user, and one
     * read and one write of a value of {@code bytes} per event, as large as a typical journey.
     */
    static Consumer<StreamExecutionEnvironment> passThroughSized(
            Dataset data, JobSettings settings, int bytes) {
        return env ->
                events(env, MemorySource.of(data, 0, false), settings)
                        .keyBy(UserEvent::userId, Types.STRING)
                        .process(new HoldPerUser(bytes), Types.VOID)
                        .uid("hold-per-user")
                        .sinkTo(new DiscardingSink<>());
    }

    /** (c) The Nudge job as it is, without Kafka: everything it does per event. */
    static Consumer<StreamExecutionEnvironment> nudge(
            Source<Ingested, ?, ?> source, JobSettings settings, String patterns) {
        return nudge(source, settings, patterns, streams -> {});
    }

    static Consumer<StreamExecutionEnvironment> nudge(
            Source<Ingested, ?, ?> source,
            JobSettings settings,
            String patterns,
            Consumer<DataStream<Action>> actions) {
        return env ->
                new NudgeJob(
                                settings,
                                patterns,
                                source,
                                streams -> {
                                    streams.of(Outputs.DECISIONS)
                                            .process(new CountMatches(), Types.VOID)
                                            .sinkTo(new DiscardingSink<>());
                                    actions.accept(streams.of(Outputs.ACTIONS));
                                    streams.of(Outputs.ACTIONS).sinkTo(new DiscardingSink<>());
                                    streams.of(Outputs.DEAD_LETTERS).sinkTo(new DiscardingSink<>());
                                    streams.of(Outputs.OPEN_EPISODES)
                                            .sinkTo(new DiscardingSink<>());
                                })
                        .build(env);
    }

    /** (d) The naive design: one Flink CEP operator per pattern, then one match per episode. */
    static Consumer<StreamExecutionEnvironment> naive(
            Dataset data, JobSettings settings, PatternsConfig config, boolean onlyRelevantTypes) {
        return env ->
                NaiveCep.build(
                        events(env, MemorySource.of(data, 0, false), settings),
                        config,
                        onlyRelevantTypes);
    }

    /** The valid events of a source, watermarked as the job watermarks them. */
    static DataStream<UserEvent> events(
            StreamExecutionEnvironment env, Source<Ingested, ?, ?> source, JobSettings settings) {
        return env.fromSource(
                        source,
                        EventTime.watermarks(settings.watermarks()),
                        "events",
                        TypeInformation.of(Ingested.class))
                .filter(Ingested::isEvent)
                .map(Ingested::event, TypeInformation.of(UserEvent.class));
    }

    /** One read and one write of a small value per event. */
    static final class CountPerUser extends KeyedProcessFunction<String, UserEvent, Void> {
        private static final long serialVersionUID = 1L;
        private transient ValueState<Long> count;

        @Override
        public void open(OpenContext context) {
            count = getRuntimeContext().getState(new ValueStateDescriptor<>("count", Types.LONG));
        }

        @Override
        public void processElement(UserEvent event, Context context, Collector<Void> out)
                throws Exception {
            Long seen = count.value();
            count.update(seen == null ? 1L : seen + 1);
        }
    }

    /** One read and one write of a value of fixed size per event, changed a little each time. */
    static final class HoldPerUser extends KeyedProcessFunction<String, UserEvent, Void> {
        private static final long serialVersionUID = 1L;
        private final int bytes;
        private transient ValueState<byte[]> value;

        HoldPerUser(int bytes) {
            this.bytes = bytes;
        }

        @Override
        public void open(OpenContext context) {
            value =
                    getRuntimeContext()
                            .getState(
                                    new ValueStateDescriptor<>(
                                            "value",
                                            PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        }

        @Override
        public void processElement(UserEvent event, Context context, Collector<Void> out)
                throws Exception {
            byte[] held = value.value();
            if (held == null) {
                held = new byte[bytes];
            }
            held[(int) (event.ts() % bytes)]++;
            value.update(held);
        }
    }

    /**
     * Counts matches per pattern in accumulators named {@code matches:<pattern>}: one decision per
     * match; a flow's sends, decided apart and naming their step, are not matches.
     */
    static final class CountMatches extends ProcessFunction<Decision, Void> {
        private static final long serialVersionUID = 1L;
        private transient java.util.Map<String, LongCounter> counters;

        @Override
        public void open(OpenContext context) {
            counters = new java.util.HashMap<>();
        }

        @Override
        public void processElement(Decision decision, Context context, Collector<Void> out) {
            if (decision.step() != null) {
                return;
            }
            counters.computeIfAbsent(
                            decision.patternId(),
                            id -> getRuntimeContext().getLongCounter("matches:" + id))
                    .add(1L);
        }
    }
}
