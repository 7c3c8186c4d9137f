package dev.nudge.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.config.ConfigException;
import dev.nudge.connect.IngestDeserializer;
import dev.nudge.connect.KafkaClientConfig;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.demo.DemoClients;
import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.event.Ingested;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.NudgeJob;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The job end to end through a real broker, exactly-once on: throughput over a preloaded topic,
 * then latency at half that capacity, from an event's send to the action's visibility to a {@code
 * read_committed} consumer. The broker runs in the same JVM and shares the two cores.
 */
final class KafkaEndToEnd {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVENTS = 600_000;

    private final Runner runner;
    private final Report report;
    private final JobSettings defaults;
    private final String patterns;
    private final long outOfOrderness;
    private java.nio.file.Path checkpoints;

    KafkaEndToEnd(
            Runner runner,
            Report report,
            JobSettings defaults,
            String patterns,
            long outOfOrderness) {
        this.runner = runner;
        this.report = report;
        this.defaults = defaults;
        this.patterns = patterns;
        this.outOfOrderness = outOfOrderness;
    }

    void run(Dataset data) throws Exception {
        report.heading(
                "End to end through Kafka (exactly-once; the broker shares the process and its cores)");
        int events = Math.min(MAX_EVENTS, data.size());
        checkpoints = java.nio.file.Files.createTempDirectory("nudge-bench-kafka-");
        try (EmbeddedKafka kafka = EmbeddedKafka.start()) {
            JobSettings throughputRun = settings(kafka, "bench-throughput");
            kafka.createTopics(throughputRun.topics(), 1);
            long produced = produceAll(kafka, throughputRun.topics().events(), data, events);
            Configuration conf = checkpointEverySecond();
            Runner.Run run =
                    runner.run(
                            conf,
                            env ->
                                    new NudgeJob(
                                                    throughputRun,
                                                    patterns,
                                                    boundedSource(throughputRun),
                                                    KafkaConnectors.outputs(throughputRun))
                                            .build(env));
            int committed = committedActions(kafka, throughputRun.topics().actions());
            double perWall = events / run.wallSeconds();
            report.line(
                    String.format(
                            "- throughput (heap, checkpoint every 1 s): %,d events in %.1f s: %s events/CPU-s,"
                                    + " %s events/wall-s; %,d actions committed (producing took %.1f s)",
                            events,
                            run.wallSeconds(),
                            Stats.compact(events / run.cpuSeconds()),
                            Stats.compact(perWall),
                            committed,
                            produced / 1e9));

            JobSettings latencyRun = settings(kafka, "bench-latency");
            latencyRun = latencyRun.withTopics(prefixed("latency-", latencyRun.topics()));
            kafka.createTopics(latencyRun.topics(), 1);
            latency(
                    kafka,
                    latencyRun,
                    data,
                    Math.min(events, (int) (perWall / 2 * 20)),
                    perWall / 2);
        } finally {
            org.apache.flink.util.FileUtils.deleteDirectory(checkpoints.toFile());
        }
    }

    private void latency(
            EmbeddedKafka kafka, JobSettings settings, Dataset data, int events, double rate)
            throws Exception {
        Configuration conf = checkpointEverySecond();
        JobID job =
                runner.start(
                        conf,
                        env ->
                                new NudgeJob(
                                                settings,
                                                patterns,
                                                KafkaConnectors.source(settings),
                                                KafkaConnectors.outputs(settings))
                                        .build(env));
        java.util.Arrays.fill(data.enteredAt, 0);
        List<Long> samples = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader =
                new Thread(
                        () ->
                                readActions(
                                        kafka, settings.topics().actions(), data, samples, reading),
                        "bench-reader");
        reader.setDaemon(true);
        reader.start();
        try (KafkaProducer<byte[], byte[]> producer =
                DemoClients.producer(kafka.bootstrapServers())) {
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                data.enteredAt[i] = System.nanoTime();
                producer.send(DemoClients.record(settings.topics().events(), "k", data.records[i]));
            }
            producer.flush();
        }
        Thread.sleep(5_000);
        reading.set(false);
        reader.join(10_000);
        runner.cancel(job);
        long[] values = samples.stream().mapToLong(Long::longValue).toArray();
        report.line(
                String.format(
                        "- latency at %,.0f events/s (half the end-to-end capacity), send → visible to"
                                + " read_committed: %,d actions, p50 %d ms, p99 %d ms (checkpoint every 1 s:"
                                + " actions are committed with the checkpoint that covers them)",
                        rate,
                        values.length,
                        Stats.percentile(values, 50) / 1_000_000,
                        Stats.percentile(values, 99) / 1_000_000));
    }

    private void readActions(
            EmbeddedKafka kafka,
            String topic,
            Dataset data,
            List<Long> samples,
            AtomicBoolean reading) {
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReader(kafka.bootstrapServers(), List.of(topic))) {
            while (reading.get()) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(100))) {
                    long now = System.nanoTime();
                    JsonNode action = JSON.readTree(record.value());
                    long triggeredAt =
                            Instant.parse(action.get("triggeredAt").asText()).toEpochMilli();
                    int knowable = data.firstAfter(triggeredAt + outOfOrderness);
                    if (knowable < data.size() && data.enteredAt[knowable] != 0) {
                        samples.add(now - data.enteredAt[knowable]);
                    }
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Heap state, checkpoints every second to a file system directory deleted at the end. */
    private Configuration checkpointEverySecond() throws java.io.IOException {
        Configuration conf = Benchmark.backend("hashmap");
        conf.setString("execution.checkpointing.interval", "1s");
        conf.setString("execution.checkpointing.dir", checkpoints.toUri().toString());
        return conf;
    }

    /** The same topics, each name after {@code prefix}: fresh ones for a second run. */
    private static JobSettings.Topics prefixed(String prefix, JobSettings.Topics topics)
            throws ConfigException {
        StringBuilder yaml = new StringBuilder("kafka: {bootstrapServers: \"localhost:9092\"}\n");
        yaml.append("topics:\n");
        yaml.append("  events: ").append(prefix).append(topics.events()).append('\n');
        yaml.append("  control: ").append(prefix).append(topics.control()).append('\n');
        for (Output.Topic topic : Outputs.topics()) {
            yaml.append("  ").append(topic.key()).append(": ");
            yaml.append(prefix).append(topic.in(topics)).append('\n');
        }
        return JobSettingsReader.read(yaml.toString(), "bench topics").topics();
    }

    private JobSettings settings(EmbeddedKafka kafka, String name) {
        return defaults.withKafka(JobSettings.Kafka.local(kafka.bootstrapServers(), name));
    }

    private static long produceAll(EmbeddedKafka kafka, String topic, Dataset data, int events) {
        long start = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> producer =
                DemoClients.producer(kafka.bootstrapServers())) {
            for (int i = 0; i < events; i++) {
                producer.send(DemoClients.record(topic, "k", data.records[i]));
            }
            producer.flush();
        }
        return System.nanoTime() - start;
    }

    private static KafkaSource<Ingested> boundedSource(JobSettings settings) {
        return KafkaSource.<Ingested>builder()
                .setProperties(KafkaClientConfig.consumer(settings.kafka()))
                .setTopics(settings.topics().events())
                .setGroupId(settings.kafka().groupId())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new IngestDeserializer(settings.events()))
                .build();
    }

    private static int committedActions(EmbeddedKafka kafka, String topic) {
        int count = 0;
        int idlePolls = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReader(kafka.bootstrapServers(), List.of(topic))) {
            while (idlePolls < 10) {
                int polled = consumer.poll(Duration.ofMillis(300)).count();
                count += polled;
                idlePolls = polled == 0 ? idlePolls + 1 : 0;
            }
        }
        return count;
    }
}
