package dev.nudge.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.config.ConfigException;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.console.ConsolePart;
import dev.nudge.console.ConsoleReply;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.InForce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console's live view: the configuration in force, what each pattern and flow did over the last
 * hour and day, the newest decisions, and the job's health; {@code GET /api/live}. It is also the
 * console's {@link InForce.Tracker}: the other parts ask it which configuration is in force.
 *
 * <p>One thread reads with one Kafka consumer, committed records only ({@code read_committed}), in
 * no consumer group, its partitions assigned: {@code marketing-decisions} and {@code
 * marketing-conversions} from the first record written a day ago ({@code offsetsForTimes}), {@code
 * marketing-control-acks} and {@code marketing-control} from at most their last {@value
 * #CONTROL_RECORDS} records per partition; then it follows them. A topic that does not exist yet is
 * looked for again every {@value #CHECK_SECONDS} s, and the answer names it; a broker that does not
 * answer is said so, and reading goes on where it was once it answers again. A record that is not
 * JSON is counted and skipped. Nothing is ever written.
 *
 * <p>Memory is bounded by its parts: {@link LiveCounts} (the per-minute counters), {@link
 * RecentDecisions} (50 decisions) and {@link ConfigAnswers} (10 answers, a few documents).
 */
public final class LiveView implements ConsolePart, InForce.Tracker {
    private static final Logger LOG = LoggerFactory.getLogger(LiveView.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    static final int CONTROL_RECORDS = 1_000;
    static final int CHECK_SECONDS = 10;
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration PATIENCE = Duration.ofSeconds(3);
    private static final Duration DAY = Duration.ofDays(1);

    private enum Source {
        DECISIONS,
        CONVERSIONS,
        ACKS,
        CONTROL
    }

    private final ConsoleSources sources;
    private final FlinkHealth health;
    private final Clock clock;
    private final Map<String, Source> topics = new LinkedHashMap<>();

    // Everything below is guarded by this lock, between the reader and the console's requests.
    private final Object lock = new Object();
    private final LiveCounts counts;
    private final RecentDecisions recent = new RecentDecisions();
    private final ConfigAnswers config;
    private final Set<String> missingTopics = new LinkedHashSet<>();
    private long recordsRead;
    private long notJson;
    private long tooOld;
    private String state = "starting";
    private String lastError;
    private Instant lastErrorAt;
    private final Instant since;
    private Boolean caughtUp;
    private Parsed parsed;

    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Object consumerLock = new Object();
    private KafkaConsumer<byte[], byte[]> consumer;
    private volatile boolean stopping;
    private Thread reader;

    /** The patterns and flows of the document in force, as far as it could be read. */
    private record Parsed(
            String text,
            Map<String, Boolean> patterns,
            Map<String, Boolean> flows,
            String problem) {}

    LiveView(ConsoleSources sources, FlinkHealth health, Clock clock) {
        this.sources = sources;
        this.health = health;
        this.clock = clock;
        this.counts = new LiveCounts(clock.millis());
        this.config = new ConfigAnswers(sources.started());
        this.since = clock.instant();
        topics.put(sources.topics().decisions(), Source.DECISIONS);
        topics.put(sources.topics().conversions(), Source.CONVERSIONS);
        topics.put(sources.topics().controlAcks(), Source.ACKS);
        topics.put(sources.topics().control(), Source.CONTROL);
    }

    /** A live view of {@code sources}, reading from now on. */
    public static LiveView start(ConsoleSources sources) {
        LiveView view = new LiveView(sources, new FlinkHealth(sources.flink()), Clock.systemUTC());
        view.startReading();
        return view;
    }

    void startReading() {
        reader = new Thread(this::run, "console-live-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void register(ConsoleServer server) {
        server.get("/api/live", request -> ConsoleReply.json(answer()));
    }

    @Override
    public Optional<InForce> current() {
        synchronized (lock) {
            return config.inForce();
        }
    }

    /** Stops reading within a second or two: wakes the consumer up and waits for the thread. */
    @Override
    public void close() {
        stopping = true;
        stopped.countDown();
        synchronized (consumerLock) {
            if (consumer != null) {
                consumer.wakeup();
            }
        }
        if (reader != null) {
            try {
                reader.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The answer of {@code GET /api/live}. */
    ObjectNode answer() {
        ObjectNode answer = JSON.createObjectNode();
        synchronized (lock) {
            counts.advance(clock.millis());
            answer.put("now", clock.instant().toString());
            Optional<InForce> inForce = config.inForce();
            Parsed enabled = parse(inForce);
            answer.set("inForce", inForce.map(f -> inForce(f, enabled)).orElse(null));
            ArrayNode answers = answer.putArray("answers");
            for (ConfigAnswers.Answer a : config.answers()) {
                answers.addObject()
                        .put("version", a.version())
                        .put("status", a.status())
                        .put("changedBy", a.changedBy())
                        .put("message", a.message())
                        .put("decidedAt", text(a.decidedAt()));
            }
            List<String> patternOrder = new ArrayList<>(enabled.patterns().keySet());
            List<String> flowOrder = new ArrayList<>(enabled.flows().keySet());
            ObjectNode windows = answer.putObject("windows");
            windows.set(
                    "hour",
                    window(counts.window(LiveCounts.HOUR, patternOrder, flowOrder), enabled));
            windows.set(
                    "day",
                    window(counts.window(LiveCounts.MINUTES, patternOrder, flowOrder), enabled));
            ArrayNode list = answer.putArray("recent");
            for (RecentDecisions.Recent r : recent.newestFirst()) {
                ObjectNode row = JSON.valueToTree(r);
                row.put("at", Instant.ofEpochMilli(r.at()).toString());
                list.add(row);
            }
            answer.set("reading", reading());
        }
        answer.set("health", health.current());
        return answer;
    }

    private ObjectNode inForce(InForce inForce, Parsed parsed) {
        ObjectNode node = JSON.createObjectNode();
        node.put("version", inForce.version());
        node.put("changedBy", inForce.changedBy().orElse(null));
        node.put("publishedAt", inForce.publishedAt().map(Instant::toString).orElse(null));
        node.put("decidedAt", inForce.decidedAt().map(Instant::toString).orElse(null));
        node.put("source", inForce.source());
        node.put("documentKnown", inForce.document().isPresent());
        if (parsed.problem() != null) {
            node.put("documentProblem", parsed.problem());
        }
        return node;
    }

    private ObjectNode window(LiveCounts.Window window, Parsed parsed) {
        ObjectNode node = JSON.createObjectNode();
        node.put("minutes", window.minutes());
        ArrayNode patterns = node.putArray("patterns");
        for (LiveCounts.PatternRow row : window.patterns()) {
            ObjectNode pattern = JSON.valueToTree(row);
            Boolean enabled = parsed.patterns().get(row.patternId());
            if (enabled == null) {
                pattern.putNull("enabled");
            } else {
                pattern.put("enabled", enabled);
            }
            patterns.add(pattern);
        }
        ArrayNode flows = node.putArray("flows");
        for (LiveCounts.FlowRow row : window.flows()) {
            ObjectNode flow = JSON.valueToTree(row);
            Boolean enabled = parsed.flows().get(row.flowId());
            if (enabled == null) {
                flow.putNull("enabled");
            } else {
                flow.put("enabled", enabled);
            }
            flows.add(flow);
        }
        return node;
    }

    private ObjectNode reading() {
        ObjectNode node = JSON.createObjectNode();
        node.put("state", state);
        node.put("recordsRead", recordsRead);
        node.put("skipped", notJson);
        node.put("olderThanADay", tooOld);
        if (caughtUp == null) {
            node.putNull("caughtUp");
        } else {
            node.put("caughtUp", caughtUp);
        }
        ArrayNode missing = node.putArray("missingTopics");
        missingTopics.forEach(missing::add);
        node.put("lastError", lastError);
        node.put("lastErrorAt", text(lastErrorAt));
        node.put("since", since.toString());
        return node;
    }

    /**
     * Which patterns and flows the document in force has, and whether each is enabled: parsed once
     * per document.
     */
    private Parsed parse(Optional<InForce> inForce) {
        String text = inForce.flatMap(InForce::document).orElse(null);
        if (parsed != null && parsed.text() == text) {
            return parsed;
        }
        Map<String, Boolean> patterns = new LinkedHashMap<>();
        Map<String, Boolean> flows = new LinkedHashMap<>();
        String problem = null;
        if (text != null) {
            try {
                PatternsConfig document = PatternsConfigReader.read(text, inForce.get().source());
                for (PatternSpec pattern : document.patterns()) {
                    patterns.put(pattern.id(), pattern.enabled());
                }
                for (FlowSpec flow : document.flows()) {
                    flows.put(flow.id(), flow.enabled());
                }
            } catch (ConfigException e) {
                problem = "the document in force cannot be read here: " + e.firstErrors(1);
            } catch (RuntimeException e) {
                problem = "the document in force cannot be read here";
            }
        }
        parsed = new Parsed(text, patterns, flows, problem);
        return parsed;
    }

    // ---------------------------------------------------------------- reading

    private void run() {
        KafkaConsumer<byte[], byte[]> created = null;
        try {
            while (!stopping && created == null) {
                try {
                    created =
                            new KafkaConsumer<>(
                                    properties(),
                                    new ByteArrayDeserializer(),
                                    new ByteArrayDeserializer());
                } catch (KafkaException e) {
                    failed("the Kafka client cannot start: " + words(e));
                    pause(Duration.ofSeconds(CHECK_SECONDS));
                }
            }
            if (created == null) {
                return;
            }
            synchronized (consumerLock) {
                consumer = created;
                if (stopping) {
                    return;
                }
            }
            read(created);
        } catch (WakeupException | InterruptException stop) {
            // close(): the end.
        } catch (RuntimeException e) {
            LOG.warn("console: reading the job's topics stopped", e);
            failed("reading stopped: " + words(e) + "; restart the console");
        } finally {
            synchronized (consumerLock) {
                consumer = null;
            }
            if (created != null) {
                try {
                    created.close(Duration.ofSeconds(1));
                } catch (RuntimeException e) {
                    LOG.debug("console: closing the live reader", e);
                }
            }
            synchronized (lock) {
                state = "stopped";
            }
        }
    }

    private void read(KafkaConsumer<byte[], byte[]> reader) {
        Set<TopicPartition> assigned = new LinkedHashSet<>();
        Set<String> missing = new LinkedHashSet<>(topics.keySet());
        long nextCheck = System.nanoTime();
        while (!stopping) {
            if (System.nanoTime() - nextCheck >= 0) {
                check(reader, missing, assigned);
                nextCheck = System.nanoTime() + Duration.ofSeconds(CHECK_SECONDS).toNanos();
            }
            if (assigned.isEmpty()) {
                pause(Duration.ofSeconds(1));
                continue;
            }
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = reader.poll(POLL);
            } catch (WakeupException | InterruptException stop) {
                throw stop;
            } catch (KafkaException e) {
                failed("reading failed: " + words(e));
                pause(Duration.ofSeconds(CHECK_SECONDS));
                continue;
            }
            synchronized (lock) {
                counts.advance(clock.millis());
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    take(record);
                }
            }
        }
    }

    /**
     * Assigns the partitions of topics not found yet, and asks the broker how far the ends are:
     * whether it answers, and whether reading has caught up.
     */
    private void check(
            KafkaConsumer<byte[], byte[]> reader,
            Set<String> missing,
            Set<TopicPartition> assigned) {
        try {
            List<TopicPartition> added = new ArrayList<>();
            for (String topic : List.copyOf(missing)) {
                List<PartitionInfo> partitions = reader.partitionsFor(topic, PATIENCE);
                if (partitions != null && !partitions.isEmpty()) {
                    missing.remove(topic);
                    partitions.forEach(
                            p -> added.add(new TopicPartition(p.topic(), p.partition())));
                }
            }
            if (!added.isEmpty()) {
                assigned.addAll(added);
                reader.assign(assigned);
                seekToStart(reader, added);
            }
            boolean atEnd = true;
            if (!assigned.isEmpty()) {
                Map<TopicPartition, Long> ends = reader.endOffsets(assigned, PATIENCE);
                for (TopicPartition partition : assigned) {
                    if (reader.position(partition, PATIENCE) < ends.getOrDefault(partition, 0L)) {
                        atEnd = false;
                    }
                }
            }
            synchronized (lock) {
                missingTopics.clear();
                missingTopics.addAll(missing);
                caughtUp = atEnd;
                state = missing.isEmpty() ? "reading" : "waiting for topics";
                if (!missing.isEmpty()) {
                    lastError =
                            "no topic "
                                    + String.join(", ", missing)
                                    + " on the cluster (yet); looking again every "
                                    + CHECK_SECONDS
                                    + " s";
                    lastErrorAt = clock.instant();
                }
            }
        } catch (WakeupException | InterruptException stop) {
            throw stop;
        } catch (TimeoutException e) {
            failed(
                    "Kafka at "
                            + sources.consumer().getProperty("bootstrap.servers", "?")
                            + " did not answer within "
                            + PATIENCE.toSeconds()
                            + " s; trying again every "
                            + CHECK_SECONDS
                            + " s");
            synchronized (lock) {
                state = "unreachable";
            }
        } catch (KafkaException e) {
            failed("Kafka refused: " + words(e));
        }
    }

    private void seekToStart(KafkaConsumer<byte[], byte[]> reader, List<TopicPartition> added) {
        long dayAgo = clock.millis() - DAY.toMillis();
        Map<TopicPartition, Long> times = new HashMap<>();
        List<TopicPartition> lastRecords = new ArrayList<>();
        for (TopicPartition partition : added) {
            Source source = topics.get(partition.topic());
            if (source == Source.DECISIONS || source == Source.CONVERSIONS) {
                times.put(partition, dayAgo);
            } else {
                lastRecords.add(partition);
            }
        }
        Map<TopicPartition, Long> ends = reader.endOffsets(added, PATIENCE);
        if (!times.isEmpty()) {
            Map<TopicPartition, OffsetAndTimestamp> starts =
                    reader.offsetsForTimes(times, PATIENCE);
            for (TopicPartition partition : times.keySet()) {
                OffsetAndTimestamp start = starts.get(partition);
                reader.seek(partition, start == null ? ends.get(partition) : start.offset());
            }
        }
        if (!lastRecords.isEmpty()) {
            Map<TopicPartition, Long> beginnings = reader.beginningOffsets(lastRecords, PATIENCE);
            for (TopicPartition partition : lastRecords) {
                reader.seek(
                        partition,
                        Math.max(beginnings.get(partition), ends.get(partition) - CONTROL_RECORDS));
            }
        }
    }

    /** One record; called with the lock held. */
    void take(ConsumerRecord<byte[], byte[]> record) {
        recordsRead++;
        Source source = topics.get(record.topic());
        if (source == null || record.value() == null) {
            return;
        }
        if (source == Source.CONTROL) {
            String changedBy = header(record, "changedBy");
            if (changedBy == null && record.key() != null) {
                changedBy = new String(record.key(), StandardCharsets.UTF_8);
            }
            config.document(record.value(), changedBy, Instant.ofEpochMilli(record.timestamp()));
            return;
        }
        JsonNode value;
        try {
            value = JSON.readTree(record.value());
        } catch (IOException | RuntimeException notJson) {
            value = null;
        }
        if (value == null || !value.isObject()) {
            this.notJson++;
            return;
        }
        switch (source) {
            case DECISIONS -> decision(record.timestamp(), value);
            case CONVERSIONS -> conversion(record.timestamp(), value);
            case ACKS ->
                    config.answer(
                            new ConfigAnswers.Answer(
                                    text(value, "version"),
                                    text(value, "status"),
                                    text(value, "changedBy"),
                                    text(value, "message"),
                                    instant(value, "decidedAt"),
                                    instant(value, "publishedAt")));
            default -> {}
        }
    }

    private void decision(long at, JsonNode value) {
        String patternId = text(value, "patternId");
        String variant = text(value, "variant");
        String flowId = text(value, "flowId");
        String step = text(value, "step");
        String outcome = text(value, "outcome");
        String suppressedBy = text(value, "suppressedBy");
        if (!counts.decision(at, patternId, variant, flowId, step, outcome, suppressedBy)) {
            tooOld++;
            return;
        }
        recent.add(
                new RecentDecisions.Recent(
                        at,
                        text(value, "userId"),
                        patternId,
                        flowId,
                        step,
                        outcome,
                        suppressedBy,
                        text(value, "channel"),
                        variant,
                        text(value, "reason")));
    }

    private void conversion(long at, JsonNode value) {
        long revenueMillis = Math.round(value.path("revenue").asDouble(0) * 1000);
        if (!counts.conversion(
                at,
                text(value, "patternId"),
                text(value, "variant"),
                text(value, "arm"),
                revenueMillis)) {
            tooOld++;
        }
    }

    private void failed(String why) {
        synchronized (lock) {
            lastError = why;
            lastErrorAt = clock.instant();
            if (!state.equals("stopped")) {
                state = "failing";
            }
        }
    }

    private void pause(Duration time) {
        try {
            stopped.await(time.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }

    private Properties properties() {
        Properties properties = new Properties();
        properties.putAll(sources.consumer());
        properties.put("isolation.level", "read_committed");
        properties.put("enable.auto.commit", "false");
        properties.put("allow.auto.create.topics", "false");
        properties.put("auto.offset.reset", "earliest");
        properties.put("default.api.timeout.ms", Long.toString(PATIENCE.toMillis()));
        properties.putIfAbsent("client.id", "nudge-console-live");
        properties.remove("group.id");
        return properties;
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null
                ? null
                : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || !value.isValueNode() ? null : value.asText();
    }

    private static Instant instant(JsonNode node, String field) {
        String text = text(node, field);
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String words(Exception e) {
        String message = e.getMessage();
        String words =
                message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
        int end = words.indexOf('\n');
        words = end < 0 ? words : words.substring(0, end);
        return words.length() <= 300 ? words : words.substring(0, 299) + "…";
    }
}
