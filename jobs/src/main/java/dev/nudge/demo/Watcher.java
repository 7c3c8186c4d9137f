package dev.nudge.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.job.JobSettings;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/**
 * Reads the demo's output topics as a sender would ({@code read_committed}), prints each action as
 * it appears (with the pattern, or the flow and step, that sent it) and counts decisions and dead
 * letters for the summary.
 */
final class Watcher extends Thread {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String bootstrap;
    private final JobSettings.Topics topics;
    private final PrintWriter out;
    private final long wallStart;
    private final Map<String, Long> suppressed = new TreeMap<>();
    private volatile boolean finished;
    private long actions;
    private long decisions;
    private long enteredFlows;
    private long heldOut;
    private long deadLetters;

    Watcher(String bootstrap, JobSettings.Topics topics, PrintWriter out, long wallStart) {
        super("demo-watcher");
        setDaemon(true);
        this.bootstrap = bootstrap;
        this.topics = topics;
        this.out = out;
        this.wallStart = wallStart;
    }

    @Override
    public void run() {
        try (KafkaConsumer<byte[], byte[]> consumer =
                DemoClients.committedReader(
                        bootstrap,
                        List.of(topics.actions(), topics.decisions(), topics.deadLetters()))) {
            while (!finished) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    take(record);
                }
            }
        }
    }

    private synchronized void take(ConsumerRecord<byte[], byte[]> record) {
        if (record.topic().equals(topics.deadLetters())) {
            deadLetters++;
            return;
        }
        JsonNode node;
        try {
            node = JSON.readTree(record.value());
        } catch (IOException e) {
            return;
        }
        if (record.topic().equals(topics.decisions())) {
            decisions++;
            switch (node.get("outcome").asText()) {
                case "SUPPRESSED" ->
                        suppressed.merge(node.get("suppressedBy").asText(), 1L, Long::sum);
                case "ENTERED_FLOW" -> enteredFlows++;
                case "HOLDOUT" -> heldOut++;
                default -> {}
            }
            return;
        }
        actions++;
        String reason = node.get("reason").asText();
        out.printf(
                "  %6.1fs  %-22s %-5s %-21s %-7s %s%n",
                (System.currentTimeMillis() - wallStart) / 1000.0,
                sentBy(node),
                node.get("channel").asText(),
                node.get("template").asText(),
                node.get("userId").asText(),
                reason.length() > 110 ? reason.substring(0, 107) + "..." : reason);
    }

    /** The flow and step that sent an action, as {@code cart-rescue/push}, or its pattern. */
    static String sentBy(JsonNode action) {
        return action.hasNonNull("flowId")
                ? action.get("flowId").asText() + "/" + action.path("step").asText()
                : action.get("patternId").asText();
    }

    /** Lets the last committed records arrive, then stops reading. */
    void finish(Duration grace) throws InterruptedException {
        Thread.sleep(grace.toMillis());
        finished = true;
        join(10_000);
    }

    synchronized String summary(long events) {
        StringBuilder reasons = new StringBuilder();
        suppressed.forEach(
                (reason, count) ->
                        reasons.append(reasons.length() == 0 ? " (" : ", ")
                                .append(reason)
                                .append(' ')
                                .append(count));
        if (reasons.length() > 0) {
            reasons.append(')');
        }
        long suppressedAll = suppressed.values().stream().mapToLong(Long::longValue).sum();
        return String.format(
                "Demo summary: %,d events sent, %,d to the dead-letter topic, %,d decisions:"
                        + " %,d actions, %,d entered a flow, %,d held out, %,d suppressed%s",
                events,
                deadLetters,
                decisions,
                actions,
                enteredFlows,
                heldOut,
                suppressedAll,
                reasons);
    }
}
