package dev.nudge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.demo.EmbeddedKafka;
import dev.nudge.testing.Cli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code report} against a real broker: decisions, conversions and feedback records written in
 * transactions as the job writes them, one of them aborted, on topics of this test's own.
 *
 * <p>Committed, in the first week of November: cart-abandonment's variant {@code a} was sent to 40
 * users (ten of them twice), 30 of whom bought for 10.00 (five of them reached the goal a second
 * time, worth 0); 40 users were held out, 20 of whom bought for 10.00; variant {@code b} reached 10
 * users. 20 of a's first actions were delivered and 10 opened. A user decided before the range
 * bought in it. Aborted: 40 more users of variant {@code b}, conversions of the other 20 held-out
 * users, clicks on a's actions. So a converted 75 % of its users against the holdout's 50 %: +25.0
 * pp, 95 % CI +3.8 to +43.3 by Newcombe's hybrid score method; revenue per user 7.50 against 5.00,
 * +2.50 with a 95 % CI of +0.42 to +4.58 by Welch's normal approximation (variances 750/39 and
 * 1000/39).
 */
class ReportCommandIT {
    private static final String AT = "2026-11-03T10:00:00.000Z";
    private static final String BEFORE = "2026-10-20T10:00:00.000Z";

    private static EmbeddedKafka kafka;
    private static final String SUFFIX = Long.toString(System.nanoTime());
    private static final String DECISIONS = "report-it-decisions-" + SUFFIX;
    private static final String CONVERSIONS = "report-it-conversions-" + SUFFIX;
    private static final String ENGAGEMENT = "report-it-engagement-" + SUFFIX;

    private int ids;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = EmbeddedKafka.start();
        kafka.createTopics(Map.of(DECISIONS, 2, CONVERSIONS, 2, ENGAGEMENT, 1));
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void countsTheCommittedRecordsOfTheRangePerVariantAndUser(@TempDir Path dir) throws Exception {
        List<ProducerRecord<byte[], byte[]>> committed = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            committed.add(decision("a", "u-a-" + i, "SENT", AT));
        }
        for (int i = 0; i < 10; i++) {
            committed.add(decision("a", "u-a-" + i, "SENT", AT));
        }
        for (int i = 0; i < 10; i++) {
            committed.add(decision("b", "u-b-" + i, "SENT", AT));
        }
        for (int i = 0; i < 40; i++) {
            committed.add(decision(null, "u-h-" + i, "HOLDOUT", AT));
        }
        committed.add(decision("a", "u-early", "SENT", BEFORE));
        for (int i = 0; i < 30; i++) {
            committed.add(conversion("a", "u-a-" + i, "TREATMENT", "10.00"));
        }
        for (int i = 0; i < 5; i++) {
            committed.add(conversion("a", "u-a-" + i, "TREATMENT", "0"));
        }
        for (int i = 0; i < 20; i++) {
            committed.add(conversion(null, "u-h-" + i, "HOLDOUT", "10.00"));
        }
        committed.add(conversion("a", "u-early", "TREATMENT", "99.00"));
        for (int i = 0; i < 20; i++) {
            committed.add(engagement("act-" + i, "DELIVERED"));
        }
        for (int i = 0; i < 10; i++) {
            committed.add(engagement("act-" + i, "OPENED"));
        }
        List<ProducerRecord<byte[], byte[]>> aborted = new ArrayList<>();
        for (int i = 10; i < 50; i++) {
            aborted.add(decision("b", "u-b-" + i, "SENT", AT));
        }
        for (int i = 20; i < 40; i++) {
            aborted.add(conversion(null, "u-h-" + i, "HOLDOUT", "10.00"));
        }
        for (int i = 0; i < 20; i++) {
            aborted.add(engagement("act-" + i, "CLICKED"));
        }
        write(committed, aborted);
        Path job = dir.resolve("job.yaml");
        Files.writeString(
                job,
                "kafka: {bootstrapServers: \""
                        + kafka.bootstrapServers()
                        + "\"}\ntopics: {decisions: "
                        + DECISIONS
                        + ", conversions: "
                        + CONVERSIONS
                        + ", engagement: "
                        + ENGAGEMENT
                        + "}\n");
        Path out = dir.resolve("report.md");

        Cli cli =
                Cli.run(
                        "report",
                        "--job",
                        job.toString(),
                        "--from",
                        "2026-11-01",
                        "--until",
                        "2026-11-08T00:00:00Z",
                        "--out",
                        out.toString());

        assertThat(cli.err).isEmpty();
        assertThat(cli.exitCode).isZero();
        assertThat(cli.out)
                .startsWith("# Report from 2026-11-01T00:00:00.000Z to 2026-11-08T00:00:00.000Z\n")
                .contains(
                        "- Decisions triggered in the range: 100; conversions decided in it: 56"
                                + " (1 of users without a decision of their row in the range, not"
                                + " counted); feedback records: 30 (0 of actions not sent in the"
                                + " range, not counted)")
                .contains(
                        "| cart-abandonment | treatment | a | 50 | 50 | 0 | 40.0% (20) |"
                                + " 20.0% (10) | 0.0% (0) |")
                .contains(
                        "| cart-abandonment | treatment | b | 10 | 10 | 0 | no feedback |"
                                + " no feedback | no feedback |")
                .contains("| cart-abandonment | holdout | - | 40 | 0 | 40 | - | - | - |")
                .contains(
                        "| cart-abandonment | treatment | a | 40 | 44.4% | PURCHASE | 35 | 300.00 |"
                                + " 30 | 75.0% | 7.50 | +25.0 pp (95% CI +3.8 to +43.3) |"
                                + " +2.50 (95% CI +0.42 to +4.58) |")
                .contains(
                        "| cart-abandonment | treatment | b | 10 | 11.1% | - | 0 | 0.00 | 0 |"
                                + " 0.0% | 0.00 | treatment too small: 10 < 30 users |")
                .contains(
                        "| cart-abandonment | holdout | - | 40 | 44.4% | PURCHASE | 20 | 200.00 |"
                                + " 20 | 50.0% | 5.00 | - | - |")
                .contains("Report: " + out);
        assertThat(Files.readString(out))
                .as("the file holds the report as printed")
                .isEqualTo(cli.out.substring(0, cli.out.indexOf("\nReport: ")));
    }

    @Test
    void aTopicThatDoesNotExistIsOneLineNamingTheSettingToFix() {
        Cli cli =
                Cli.run(
                        "report",
                        "--bootstrap",
                        kafka.bootstrapServers(),
                        "--from",
                        "2026-11-01",
                        "--until",
                        "2026-11-08",
                        "--timeout",
                        "10s");

        assertThat(cli.exitCode).isEqualTo(1);
        assertThat(cli.err.strip())
                .isEqualTo(
                        "No topic marketing-decisions at "
                                + kafka.bootstrapServers()
                                + ": is topics.decisions in --job right?");
    }

    /** Writes {@code committed} in one transaction and {@code aborted} in another, aborted. */
    private static void write(
            List<ProducerRecord<byte[], byte[]>> committed,
            List<ProducerRecord<byte[], byte[]>> aborted) {
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(
                        Map.of(
                                "bootstrap.servers",
                                kafka.bootstrapServers(),
                                "transactional.id",
                                "report-it-" + SUFFIX,
                                "enable.idempotence",
                                "true",
                                "acks",
                                "all"),
                        new ByteArraySerializer(),
                        new ByteArraySerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            committed.forEach(producer::send);
            producer.commitTransaction();
            producer.beginTransaction();
            aborted.forEach(producer::send);
            producer.flush();
            producer.abortTransaction();
        }
    }

    /**
     * A decision as the job writes it, with the Kafka timestamp of its trigger: the job writes a
     * decision at or after it.
     */
    private ProducerRecord<byte[], byte[]> decision(
            String variant, String user, String outcome, String at) {
        int n = ids++;
        String json =
                String.format(
                        Locale.ROOT,
                        "{\"decisionId\":\"d-%d\",\"userId\":\"%s\","
                                + "\"patternId\":\"cart-abandonment\",\"variant\":%s,"
                                + "\"patternType\":\"CART_ABANDONMENT\",\"configVersion\":\"1\","
                                + "\"triggeredAt\":\"%s\",\"evidence\":[],\"outcome\":\"%s\","
                                + "\"suppressedBy\":null,\"actionId\":%s,\"channel\":%s,"
                                + "\"reason\":\"left a cart\"}",
                        n,
                        user,
                        variant == null ? "null" : "\"" + variant + "\"",
                        at,
                        outcome,
                        outcome.equals("SENT") ? "\"act-" + n + "\"" : "null",
                        outcome.equals("SENT") ? "\"PUSH\"" : "null");
        return record(DECISIONS, user, at, json);
    }

    private static ProducerRecord<byte[], byte[]> conversion(
            String variant, String user, String arm, String revenue) {
        String json =
                "{\"decisionId\":\"d\",\"actionId\":null,\"userId\":\""
                        + user
                        + "\",\"patternId\":\"cart-abandonment\",\"variant\":"
                        + (variant == null ? "null" : "\"" + variant + "\"")
                        + ",\"configVersion\":\"1\",\"arm\":\""
                        + arm
                        + "\",\"goal\":\"PURCHASE\",\"orderId\":\"o\",\"revenue\":"
                        + revenue
                        + ",\"currency\":\"CNY\",\"decidedAt\":\""
                        + AT
                        + "\",\"convertedAt\":\"2026-11-04T10:00:00.000Z\",\"latency\":\"P1D\"}";
        return record(CONVERSIONS, user, "2026-11-04T10:00:00.000Z", json);
    }

    private static ProducerRecord<byte[], byte[]> engagement(String actionId, String step) {
        String json =
                "{\"actionId\":\""
                        + actionId
                        + "\",\"userId\":\"u\",\"patternId\":\"cart-abandonment\","
                        + "\"variant\":\"a\",\"channel\":\"PUSH\",\"configVersion\":\"1\","
                        + "\"step\":\""
                        + step
                        + "\",\"sentAt\":\""
                        + AT
                        + "\",\"at\":\"2026-11-03T11:00:00.000Z\"}";
        return record(ENGAGEMENT, "u", "2026-11-03T11:00:00.000Z", json);
    }

    private static ProducerRecord<byte[], byte[]> record(
            String topic, String key, String at, String json) {
        return new ProducerRecord<>(
                topic,
                null,
                Instant.parse(at).toEpochMilli(),
                key.getBytes(StandardCharsets.UTF_8),
                json.getBytes(StandardCharsets.UTF_8));
    }
}
