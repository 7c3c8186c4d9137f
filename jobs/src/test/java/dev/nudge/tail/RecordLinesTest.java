package dev.nudge.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternType;
import dev.nudge.connect.Outbound;
import dev.nudge.connect.OutboundSerializer;
import dev.nudge.control.ControlAck;
import dev.nudge.event.Channel;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.Money;
import dev.nudge.event.RejectReason;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import dev.nudge.pattern.ActionParams;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.profile.ProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

/**
 * Tests for how {@code tail} shows each kind of record: every record is made by the job's own
 * writers ({@link OutboundSerializer}), as Kafka receives it, so that a change of a record's format
 * shows here.
 */
class RecordLinesTest {
    private static final long SENT = Instant.parse("2026-11-01T00:39:06.307Z").toEpochMilli();
    private static final long TWELVE_HOURS = Duration.ofHours(12).toMillis();
    private static final OutboundSerializer JOB = new OutboundSerializer(topics(), 4096);

    @Test
    void anActionIsOneLineWithWhenWhereToWhomWhatAndItsParams() {
        ConsumerRecord<byte[], byte[]> record =
                written(
                        Outputs.ACTIONS,
                        action(
                                "9133ac0d-a797-8abc-9428-ca1dc0a5d8c8",
                                new ActionParams(
                                        List.of("10000103", "10000116", "10000156"),
                                        "1007919",
                                        null,
                                        null,
                                        null),
                                null,
                                null,
                                null));

        assertThat(RecordLines.readable(RecordKind.ACTIONS, record))
                .isEqualTo(
                        "sendAt=2026-11-01T00:39:06.307Z channel=PUSH user=u596"
                                + " template=browse_abandon_v1 offer=- pattern=browse-abandonment"
                                + " actionId=9133ac0d-a797-8abc-9428-ca1dc0a5d8c8"
                                + " expiresAt=2026-11-01T12:39:06.307Z"
                                + " params={items:[10000103,10000116,10000156],category:1007919}");
    }

    @Test
    void aFlowsActionNamesItsVariantFlowAndStepAndEveryParam() {
        ConsumerRecord<byte[], byte[]> record =
                written(
                        Outputs.ACTIONS,
                        action(
                                "a-2",
                                new ActionParams(
                                        List.of("i1"),
                                        "c7",
                                        "acme",
                                        "CART_COUPON_15",
                                        "2026-11-05"),
                                "CART_COUPON_15",
                                "coupon",
                                "cart-rescue"));

        assertThat(RecordLines.readable(RecordKind.ACTIONS, record))
                .isEqualTo(
                        "sendAt=2026-11-01T00:39:06.307Z channel=PUSH user=u596"
                                + " template=browse_abandon_v1 offer=CART_COUPON_15"
                                + " pattern=browse-abandonment variant=coupon"
                                + " flow=cart-rescue/coupon actionId=a-2"
                                + " expiresAt=2026-11-01T12:39:06.307Z"
                                + " params={items:[i1],category:c7,brand:acme,"
                                + "predictedDate:2026-11-05}");
    }

    @Test
    void aParamWithCharactersOfTheNotationIsQuotedAndTheLineStaysOneLine() {
        ConsumerRecord<byte[], byte[]> record =
                written(
                        Outputs.ACTIONS,
                        action(
                                "a-3",
                                new ActionParams(List.of(), "Shoes, kids", null, null, null),
                                null,
                                null,
                                null));

        assertThat(RecordLines.readable(RecordKind.ACTIONS, record))
                .endsWith(" params=\"{category:\\\"Shoes, kids\\\"}\"")
                .doesNotContain("\n");
    }

    @Test
    void asJsonAnActionIsExactlyTheValueTheJobWrote() {
        ConsumerRecord<byte[], byte[]> record =
                written(Outputs.ACTIONS, action("a-1", ActionParams.NONE, null, null, null));

        assertThat(RecordLines.json(RecordKind.ACTIONS, record))
                .contains(new String(record.value(), StandardCharsets.UTF_8));
    }

    @Test
    void aSuppressedDecisionSaysWhyAndTheMatchsReason() {
        Decision decision =
                new Decision(
                        "d-1",
                        "u7",
                        "cart-abandonment",
                        "a",
                        PatternType.CART_ABANDONMENT,
                        "2026-11-24.1",
                        SENT,
                        List.of("e1"),
                        Outcome.SUPPRESSED,
                        SuppressionReason.COOLDOWN,
                        null,
                        null,
                        "left 2 items in the cart",
                        null,
                        null);

        assertThat(RecordLines.readable(RecordKind.DECISIONS, written(Outputs.DECISIONS, decision)))
                .isEqualTo(
                        "triggeredAt=2026-11-01T00:39:06.307Z outcome=SUPPRESSED"
                                + " suppressedBy=COOLDOWN user=u7 pattern=cart-abandonment"
                                + " variant=a reason=\"left 2 items in the cart\"");
    }

    @Test
    void aSentDecisionNamesItsChannelAndAction() {
        Decision decision =
                new Decision(
                        "d-2",
                        "u7",
                        "browse-abandonment",
                        null,
                        PatternType.BROWSE_WITHOUT_BUY,
                        "2026-11-24.1",
                        SENT,
                        List.of("e1"),
                        Outcome.SENT,
                        null,
                        "a-9",
                        Channel.EMAIL,
                        "viewed 3 items",
                        null,
                        null);

        assertThat(RecordLines.readable(RecordKind.DECISIONS, written(Outputs.DECISIONS, decision)))
                .isEqualTo(
                        "triggeredAt=2026-11-01T00:39:06.307Z outcome=SENT user=u7"
                                + " pattern=browse-abandonment channel=EMAIL actionId=a-9"
                                + " reason=\"viewed 3 items\"");
    }

    @Test
    void aConversionShowsItsArmGoalAndRevenueAsWritten() {
        Conversion conversion =
                new Conversion(
                        "d-1",
                        "a-1",
                        "u596",
                        "browse-abandonment",
                        null,
                        "2026-11-24.1",
                        Conversion.Arm.TREATMENT,
                        "PURCHASE",
                        "o-77",
                        Money.of("CNY"),
                        12950,
                        SENT,
                        SENT + Duration.ofHours(8).toMillis());

        assertThat(
                        RecordLines.readable(
                                RecordKind.CONVERSIONS, written(Outputs.CONVERSIONS, conversion)))
                .isEqualTo(
                        "convertedAt=2026-11-01T08:39:06.307Z arm=TREATMENT user=u596"
                                + " pattern=browse-abandonment goal=PURCHASE revenue=129.50"
                                + " currency=CNY order=o-77 decidedAt=2026-11-01T00:39:06.307Z"
                                + " latency=PT8H actionId=a-1");
    }

    @Test
    void engagementShowsTheStepOfWhichAction() {
        Engagement engagement =
                new Engagement(
                        "a-1",
                        "u596",
                        "browse-abandonment",
                        null,
                        Channel.PUSH,
                        "2026-11-24.1",
                        Engagement.Step.OPENED,
                        SENT,
                        SENT + 60_000);

        assertThat(
                        RecordLines.readable(
                                RecordKind.ENGAGEMENT, written(Outputs.ENGAGEMENT, engagement)))
                .isEqualTo(
                        "at=2026-11-01T00:40:06.307Z step=OPENED channel=PUSH user=u596"
                                + " pattern=browse-abandonment actionId=a-1"
                                + " sentAt=2026-11-01T00:39:06.307Z");
    }

    @Test
    void aProfileShowsTheUsersStageSegmentsAndPredictedPurchase() {
        String snapshot =
                "{\"userId\":\"u1\",\"at\":\"2017-12-01T08:00:00.000Z\",\"stage\":\"ACTIVE\","
                        + "\"segments\":[\"high-value\",\"ACTIVE\",\"R5\",\"F3\",\"M4\"],"
                        + "\"cycle\":{\"predictedNextPurchase\":\"2017-12-09T08:00:00.000Z\"}}";
        ProfileUpdate update =
                new ProfileUpdate("u1", SENT, snapshot.getBytes(StandardCharsets.UTF_8));

        assertThat(RecordLines.readable(RecordKind.PROFILES, written(Outputs.PROFILES, update)))
                .isEqualTo(
                        "at=2017-12-01T08:00:00.000Z user=u1 stage=ACTIVE"
                                + " segments=high-value,ACTIVE,R5,F3,M4"
                                + " nextPurchase=2017-12-09T08:00:00.000Z");
    }

    @Test
    void anErasedUsersTombstoneShowsAsErasedAndAsJsonNamesTheUser() {
        ConsumerRecord<byte[], byte[]> tombstone =
                written(Outputs.PROFILES, ProfileUpdate.tombstone("u1", SENT));

        assertThat(tombstone.value()).isNull();
        assertThat(RecordLines.readable(RecordKind.PROFILES, tombstone))
                .isEqualTo("user=u1 (erased)");
        assertThat(RecordLines.json(RecordKind.PROFILES, tombstone))
                .contains("{\"userId\":\"u1\",\"erased\":true}");
    }

    @Test
    void aDeadLetterShowsWhyFromWhereAndTheRejectedValue() {
        DeadLetter dead =
                new DeadLetter(
                        RejectReason.NOT_JSON,
                        "not JSON: Unexpected character ('o')",
                        "user-events",
                        2,
                        1234,
                        "u1".getBytes(StandardCharsets.UTF_8),
                        "{oops\n".getBytes(StandardCharsets.UTF_8));

        ConsumerRecord<byte[], byte[]> record = written(Outputs.DEAD_LETTERS, dead);

        assertThat(RecordLines.readable(RecordKind.DEAD_LETTERS, record))
                .isEqualTo(
                        "reason=NOT_JSON source=user-events/2@1234 key=u1"
                                + " detail=\"not JSON: Unexpected character ('o')\""
                                + " value={oops\\n");
        assertThat(RecordLines.json(RecordKind.DEAD_LETTERS, record))
                .contains(
                        "{\"reason\":\"NOT_JSON\",\"detail\":\"not JSON: Unexpected character"
                                + " ('o')\",\"source\":\"user-events\",\"partition\":2,"
                                + "\"offset\":1234,\"key\":\"u1\",\"value\":\"{oops\\n\"}");
    }

    @Test
    void aDeadLetterThatIsNotUtf8IsCountedNotPrintedAndBase64AsJson() {
        DeadLetter dead =
                new DeadLetter(
                        RejectReason.INVALID_UTF8,
                        "not valid UTF-8",
                        "user-events",
                        0,
                        7,
                        null,
                        new byte[] {(byte) 0xC3, 0x28});

        ConsumerRecord<byte[], byte[]> record = written(Outputs.DEAD_LETTERS, dead);

        assertThat(RecordLines.readable(RecordKind.DEAD_LETTERS, record))
                .isEqualTo(
                        "reason=INVALID_UTF8 source=user-events/0@7 key=-"
                                + " detail=\"not valid UTF-8\" value=\"(2 bytes, not UTF-8)\"");
        assertThat(RecordLines.json(RecordKind.DEAD_LETTERS, record).orElseThrow())
                .contains("\"key\":null")
                .endsWith("\"valueBase64\":\"wyg=\"}");
    }

    @Test
    void anAckSaysWhatBecameOfThePublishedVersion() {
        ControlAck ack =
                new ControlAck(
                        "2026-11-25.2",
                        ControlAck.Status.REJECTED,
                        List.of(),
                        List.of("patterns[0].action.ttl: 0s -- expected 1m to 30d"),
                        "rejected: 1 error",
                        "2026-11-25.1",
                        "anna",
                        SENT,
                        SENT + 100);

        assertThat(RecordLines.readable(RecordKind.ACKS, written(Outputs.CONTROL_ACKS, ack)))
                .isEqualTo(
                        "decidedAt=2026-11-01T00:39:06.407Z version=2026-11-25.2 status=REJECTED"
                                + " liveVersion=2026-11-25.1 changedBy=anna changes=0 errors=1"
                                + " firstError=\"patterns[0].action.ttl: 0s -- expected 1m to"
                                + " 30d\" message=\"rejected: 1 error\"");
    }

    @Test
    void aValueOfAJobTopicThatIsNoRecordOfTheJobIsShownAsSuchAndLeftOutOfJson() {
        ConsumerRecord<byte[], byte[]> record = record("u1", "not json");

        assertThat(RecordLines.readable(RecordKind.ACTIONS, record))
                .isEqualTo("(not a record of the job) partition=0 offset=5 value=\"not json\"");
        assertThat(RecordLines.json(RecordKind.ACTIONS, record)).isEmpty();
    }

    @Test
    void aRecordOfAnotherTopicIsShownAsItIsAndAsJsonOnlyWhenItIsJson() {
        assertThat(RecordLines.readable(RecordKind.OTHER, record("k", "{\"a\": 1}")))
                .isEqualTo("partition=0 offset=5 key=k value=\"{\\\"a\\\": 1}\"");
        assertThat(RecordLines.json(RecordKind.OTHER, record("k", "{\"a\":\n 1}")))
                .isEqualTo(Optional.of("{\"a\":1}"));
        assertThat(RecordLines.json(RecordKind.OTHER, record("k", "plain text"))).isEmpty();
    }

    private static Action action(
            String id, ActionParams params, String offer, String variant, String flow) {
        return new Action(
                id,
                "u596",
                "browse-abandonment",
                variant,
                "2026-11-24.1",
                Channel.PUSH,
                "browse_abandon_v1",
                params,
                offer,
                50,
                SENT,
                SENT,
                SENT + TWELVE_HOURS,
                "viewed 3 items in category 1007919",
                List.of("u596-e1"),
                flow,
                flow == null ? null : "coupon");
    }

    /** The record as the job's sink writes it to Kafka, as a consumer receives it. */
    private static <T> ConsumerRecord<byte[], byte[]> written(Output<T> output, T record) {
        ProducerRecord<byte[], byte[]> sent =
                JOB.serialize(Outbound.of(output, record), null, null);
        return new ConsumerRecord<>(
                sent.topic(),
                0,
                5,
                SENT,
                TimestampType.CREATE_TIME,
                -1,
                -1,
                sent.key(),
                sent.value(),
                sent.headers(),
                Optional.empty());
    }

    private static ConsumerRecord<byte[], byte[]> record(String key, String value) {
        return new ConsumerRecord<>(
                "t",
                0,
                5,
                key.getBytes(StandardCharsets.UTF_8),
                value.getBytes(StandardCharsets.UTF_8));
    }

    private static JobSettings.Topics topics() {
        try {
            return JobSettingsReader.read(
                            "kafka: {bootstrapServers: \"localhost:9092\"}", "job.yaml")
                    .topics();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
