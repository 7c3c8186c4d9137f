package dev.nudge.job;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;

/**
 * What the job produces: one stream for each of {@link Outputs#ALL}, for {@link JobOutputs} to
 * deliver. A stream may be one nothing is ever written to: the answers of a job that reads no
 * control input, the open episodes and final profiles of an unbounded one.
 */
public final class NudgeStreams {
    private final Map<Output<?>, DataStream<?>> streams;

    private NudgeStreams(Map<Output<?>, DataStream<?>> streams) {
        this.streams = Map.copyOf(streams);
    }

    /** The stream of {@code output}. */
    @SuppressWarnings("unchecked") // put by Builder#with, which keeps stream and output alike
    public <T> DataStream<T> of(Output<T> output) {
        DataStream<?> stream = streams.get(output);
        if (stream == null) {
            throw new IllegalArgumentException(output + " are no output of the job");
        }
        return (DataStream<T>) stream;
    }

    static Builder builder() {
        return new Builder();
    }

    /** Collects the streams of the outputs that do not come from the usual operator. */
    static final class Builder {
        private final Map<Output<?>, DataStream<?>> streams = new LinkedHashMap<>();

        <T> Builder with(Output<T> output, DataStream<T> stream) {
            streams.put(output, stream);
            return this;
        }

        /** The streams, every output not given being the side output of {@code operator}. */
        NudgeStreams otherwiseSideOutputsOf(SingleOutputStreamOperator<?> operator) {
            for (Output<?> output : Outputs.ALL) {
                streams.computeIfAbsent(output, o -> operator.getSideOutput(o.tag()));
            }
            return new NudgeStreams(streams);
        }
    }
}
