package dev.nudge.bench;

import dev.nudge.policy.Action;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;

/**
 * Event-to-action latency. An action of an absence pattern becomes knowable when the watermark
 * passes its window end, that is when the first event later than window end + out-of-orderness
 * enters the source; latency is counted from that moment to the action leaving the journey
 * operator.
 */
final class Latency {
    private static final Map<String, List<Long>> SAMPLES = new ConcurrentHashMap<>();

    private Latency() {}

    /** Measures every action of {@code actions}; samples are kept under {@code runId}. */
    static void probe(
            DataStream<Action> actions, String datasetId, long outOfOrderness, String runId) {
        SAMPLES.put(runId, java.util.Collections.synchronizedList(new ArrayList<>()));
        actions.map(
                        action -> {
                            Dataset data = Dataset.get(datasetId);
                            int knowable = data.firstAfter(action.triggeredAt() + outOfOrderness);
                            if (knowable < data.size() && data.enteredAt[knowable] != 0) {
                                SAMPLES.get(runId)
                                        .add(System.nanoTime() - data.enteredAt[knowable]);
                            }
                            return action;
                        },
                        org.apache.flink.api.common.typeinfo.TypeInformation.of(Action.class))
                .name("latency probe")
                .sinkTo(new DiscardingSink<>());
    }

    static long[] samples(String runId) {
        List<Long> samples = SAMPLES.remove(runId);
        synchronized (samples) {
            return samples.stream().mapToLong(Long::longValue).toArray();
        }
    }
}
