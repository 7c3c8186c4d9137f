package dev.nudge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.job.JobSettings;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Reads the demo's output topics as a sender would ({@code read_committed}) and prints what it
 * reads as it arrives: each live action (with the pattern, or the flow and step, that sent it), a
 * sample of the history's actions, and each answer of the job to a configuration published on the
 * control topic. While nothing else is printed it prints a progress line every few seconds. It
 * counts decisions, actions and dead letters for the summary.
 */
final class Watcher extends Thread {
    /** Actions of the history printed per pattern or flow step; the rest are only counted. */
    static final int HISTORY_SAMPLE = 2;

    /** How long the screen may stay quiet before a progress line. */
    private static final long QUIET_MILLIS = 3_000;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("MM-dd HH:mm");

    private final String bootstrap;
    private final JobSettings.Topics topics;
    private final Screen screen;
    private final ActionColumns columns;
    private final Feeder feeder;
    private final long liveStart;
    private final String liveHeading;
    private final ZoneId zone;
    private final DemoTally tally = new DemoTally();
    private final Map<String, Integer> sampled = new HashMap<>();
    private final Set<String> moments = new TreeSet<>();
    private volatile boolean finishing;
    private volatile Duration drainLimit = Duration.ZERO;
    private long decidedUpTo = Long.MIN_VALUE;
    private boolean historyHeadingShown;
    private boolean liveHeadingShown;
    private volatile boolean drained;

    /**
     * @param liveStart the event time where the live part begins: actions triggered before it are
     *     the history's, of which only a sample is printed
     * @param liveHeading the line that introduces the live actions
     */
    Watcher(
            String bootstrap,
            JobSettings.Topics topics,
            Screen screen,
            ActionColumns columns,
            Feeder feeder,
            long liveStart,
            String liveHeading,
            ZoneId zone) {
        super("demo-watcher");
        setDaemon(true);
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.screen = screen;
        this.columns = columns;
        this.feeder = feeder;
        this.liveStart = liveStart;
        this.liveHeading = liveHeading;
        this.zone = zone;
    }

    @Override
    public void run() {
        List<String> read =
                List.of(
                        topics.actions(),
                        topics.decisions(),
                        topics.deadLetters(),
                        topics.controlAcks());
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReaderFromStart(bootstrap, read)) {
            Map<TopicPartition, Long> ends = null;
            long drainDeadline = 0;
            while (true) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    try {
                        take(record);
                    } catch (RuntimeException e) {
                        // One odd record must not end the demo's output: said, and skipped.
                        screen.status(
                                "(a record of %s-%d@%d could not be shown: %s)",
                                record.topic(), record.partition(), record.offset(), e);
                    }
                }
                if (finishing) {
                    if (ends == null) {
                        ends = consumer.endOffsets(consumer.assignment());
                        drainDeadline = System.nanoTime() + drainLimit.toNanos();
                    }
                    if (caughtUp(consumer, ends)) {
                        drained = true;
                        return;
                    }
                    if (System.nanoTime() > drainDeadline) {
                        return;
                    }
                } else if (screen.quietMillis() >= QUIET_MILLIS) {
                    screen.status("%s", progress());
                }
            }
        }
    }

    private static boolean caughtUp(
            KafkaConsumer<byte[], byte[]> consumer, Map<TopicPartition, Long> ends) {
        for (Map.Entry<TopicPartition, Long> end : ends.entrySet()) {
            if (consumer.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** A line on where the events and the job are, for a quiet screen. */
    String progress() {
        long sentUpTo = feeder.sentUpTo();
        String events =
                sentUpTo == Long.MIN_VALUE
                        ? "no event sent yet"
                        : String.format(
                                Locale.ROOT,
                                "%,d events sent, %s up to %s",
                                feeder.sent(),
                                feeder.live() ? "live" : "history",
                                time(sentUpTo));
        long decisions = tally.decisions();
        if (decisions == 0) {
            return "… " + events + "; no decision from the job yet";
        }
        return String.format(
                Locale.ROOT,
                "… %s; job decided up to %s: %,d decisions, %,d actions",
                events,
                time(decidedUpTo()),
                decisions,
                tally.actions());
    }

    private synchronized long decidedUpTo() {
        return decidedUpTo;
    }

    private String time(long epochMillis) {
        return MINUTE.format(Instant.ofEpochMilli(epochMillis).atZone(zone));
    }

    private void take(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.deadLetters())) {
            tally.deadLetter();
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(record.value());
        } catch (IOException e) {
            return;
        }
        if (record.topic().equals(topics.decisions())) {
            tally.decision(node.path("outcome").asText(), node.path("suppressedBy").asText(null));
            long triggeredAt = epochMillis(node.path("triggeredAt"));
            synchronized (this) {
                decidedUpTo = Math.max(decidedUpTo, triggeredAt);
            }
        } else if (record.topic().equals(topics.controlAcks())) {
            answer(node);
        } else {
            action(node);
        }
    }

    private void action(JsonNode action) {
        String sentBy = sentBy(action);
        String moment = moment(action);
        boolean history = epochMillis(action.path("triggeredAt")) < liveStart;
        if (history) {
            tally.action(moment, true);
            if (sampled.merge(sentBy, 1, Integer::sum) > HISTORY_SAMPLE) {
                return;
            }
            if (!historyHeadingShown) {
                historyHeadingShown = true;
                screen.line(
                        String.format(
                                Locale.ROOT,
                                "  From the history, a sample: the first %d actions of each"
                                        + " pattern and flow step (all are counted)",
                                HISTORY_SAMPLE));
            }
        } else {
            if (!liveHeadingShown) {
                liveHeadingShown = true;
                long historyActions = tally.historyActions();
                if (historyActions > 0) {
                    screen.status(
                            "history: %,d actions so far, of %s",
                            historyActions, DemoSummary.byCount(tally.actionsByMoment()));
                }
                screen.line(liveHeading);
            }
            tally.action(moment, false);
        }
        moments.add(moment);
        screen.line(
                columns.line(
                        screen.seconds(),
                        sentBy,
                        action.path("channel").asText(),
                        action.path("template").asText(),
                        action.path("offer").asText(null),
                        action.path("userId").asText(),
                        action.path("reason").asText()));
    }

    /** The job's answer to a published configuration, with what it changes or why not. */
    private void answer(JsonNode ack) {
        String by = ack.path("changedBy").asText(null);
        screen.status(
                "live change: version %s%s %s - %s",
                ack.path("version").asText("(none)"),
                by == null ? "" : " from " + by,
                ack.path("status").asText(),
                ack.path("message").asText());
        List<String> details = new ArrayList<>();
        ack.path("changes").forEach(change -> details.add(change.asText()));
        ack.path("errors").forEach(error -> details.add(error.asText()));
        details.forEach(screen::detail);
    }

    /** The flow and step that sent an action, as {@code cart-rescue/push}, or its pattern. */
    static String sentBy(JsonNode action) {
        return action.hasNonNull("flowId")
                ? action.get("flowId").asText() + "/" + action.path("step").asText()
                : action.get("patternId").asText();
    }

    /** The moment an action is of: its flow, or its pattern. */
    static String moment(JsonNode action) {
        return action.hasNonNull("flowId")
                ? action.get("flowId").asText()
                : action.get("patternId").asText();
    }

    private static long epochMillis(JsonNode time) {
        try {
            return Instant.parse(time.asText()).toEpochMilli();
        } catch (RuntimeException notATime) {
            return Long.MIN_VALUE;
        }
    }

    /**
     * Reads on until every committed record written so far has been read (the job has stopped with
     * its last outputs committed), or for at most {@code limit}; then stops reading.
     *
     * @return whether everything was read
     */
    boolean finish(Duration limit) throws InterruptedException {
        drainLimit = limit;
        finishing = true;
        join(limit.toMillis() + 10_000);
        return drained;
    }

    /** The moments of the printed actions. */
    Set<String> printedMoments() {
        return Set.copyOf(moments);
    }

    DemoSummary summary() {
        return tally.summary(feeder.sent(), feeder.historyEvents());
    }
}
