package dev.nudge.job;

import java.io.Serializable;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.util.OutputTag;
import org.apache.flink.util.function.SerializableFunction;

/**
 * One output of the job, described once: the stream that carries it out of the topology (its {@link
 * #tag}, which also gives its type), the JSON it is written as, the Kafka topic it goes to and
 * under which key, and the file a backtest writes it to. {@link Outputs} lists them all; the job,
 * its Kafka and file sinks, the demo's broker and the deployment's checks go through that list
 * rather than naming each output.
 *
 * <p>Dead letters are the one output that Kafka does not receive as their JSON: a dead letter goes
 * there as the original record, with why it was rejected in headers (see {@code
 * connect.OutboundSerializer}); its JSON is the backtest's line.
 *
 * @param <T> the records of the output
 */
public final class Output<T> implements Serializable {
    private static final long serialVersionUID = 1L;

    private final OutputTag<T> tag;
    private final SerializableFunction<T, byte[]> json;
    private final Topic topic;
    private final SerializableFunction<T, byte[]> key;
    private final String file;

    /**
     * A topic the job writes, as {@code job.yaml} names it (SPEC §5).
     *
     * @param key its key under {@code topics}
     * @param defaultName its name when {@code job.yaml} does not set one
     * @param setting where the settings hold its name
     * @param compacted whether the topic keeps only the latest record per key
     */
    public record Topic(
            String key,
            String defaultName,
            SerializableFunction<JobSettings.Topics, String> setting,
            boolean compacted)
            implements Serializable {

        /** The topic's name in a deployment. */
        public String in(JobSettings.Topics topics) {
            return setting.apply(topics);
        }
    }

    private Output(
            OutputTag<T> tag,
            SerializableFunction<T, byte[]> json,
            Topic topic,
            SerializableFunction<T, byte[]> key,
            String file) {
        this.tag = tag;
        this.json = json;
        this.topic = topic;
        this.key = key;
        this.file = file;
    }

    /** An output that is written nowhere yet: see {@link #toTopic} and {@link #toFile}. */
    static <T> Output<T> of(OutputTag<T> tag, SerializableFunction<T, byte[]> json) {
        return new Output<>(tag, json, null, null, null);
    }

    /** The same output, also written to {@code topic}, each record under {@code key}. */
    Output<T> toTopic(Topic topic, SerializableFunction<T, byte[]> key) {
        return new Output<>(tag, json, topic, key, file);
    }

    /** The same output, also written by a backtest to {@code file} in its output directory. */
    Output<T> toFile(String file) {
        return new Output<>(tag, json, topic, key, file);
    }

    /** The output's name in words, as operators and messages show it: {@code dead letters}. */
    public String name() {
        return tag.getId().replace('-', ' ');
    }

    /** The side output that carries the records out of the operator that makes them. */
    public OutputTag<T> tag() {
        return tag;
    }

    public TypeInformation<T> type() {
        return tag.getTypeInfo();
    }

    /** A record as one JSON document: the Kafka value (but for dead letters), the file's line. */
    public byte[] json(T record) {
        return json.apply(record);
    }

    /** The Kafka topic, if the job writes the output to Kafka. */
    public Optional<Topic> topic() {
        return Optional.ofNullable(topic);
    }

    /** A record's Kafka key. */
    public byte[] key(T record) {
        if (key == null) {
            throw new IllegalStateException(name() + " are not written to Kafka");
        }
        return key.apply(record);
    }

    /** The file a backtest writes the output to, if it writes it. */
    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    @Override
    public String toString() {
        return name();
    }
}
