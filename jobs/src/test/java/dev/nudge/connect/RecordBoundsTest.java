package dev.nudge.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.control.ControlAck;
import dev.nudge.event.Channel;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.RejectReason;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.Outputs;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
import dev.nudge.policy.Outcome;
import dev.nudge.policy.SuppressionReason;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileUpdate;
import dev.nudge.profile.ProfileUpdater;
import dev.nudge.profile.ProfileView;
import dev.nudge.testing.Configs;
import dev.nudge.wire.ProfileJson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link RecordBounds}: records of every kind built with every part at its longest, of
 * the characters that take the most bytes, stay within their bound as the producer counts them; and
 * a producer that could not take them stops the start, naming the setting.
 */
class RecordBoundsTest {
    /** Escaped in JSON as six bytes, the most any character takes. */
    private static final char WORST = '\u0001';

    private static final long AT = 1_764_000_000_000L;

    private final JobSettings settings = settings("");
    private final RecordBounds bounds = RecordBounds.of(settings);
    private final OutboundSerializer serializer =
            new OutboundSerializer(settings.topics(), settings.events().maxBytes());

    @Test
    void theLongestActionDecisionAndConversionFitTheirBounds() {
        Action action =
                new Action(
                        "00000000-0000-8000-8000-000000000000",
                        worst(128),
                        "p".repeat(63),
                        "v".repeat(63),
                        worst(64),
                        Channel.EMAIL,
                        worst(128),
                        new ActionParams(
                                Collections.nCopies(50, worst(256)),
                                worst(256),
                                worst(256),
                                worst(64),
                                "2026-12-03"),
                        worst(64),
                        1000,
                        AT,
                        Long.MAX_VALUE / 2,
                        Long.MIN_VALUE / 2,
                        new Match(
                                        "p",
                                        PatternType.SEQUENCE,
                                        "u",
                                        AT,
                                        AT,
                                        Collections.nCopies(50, worst(128)),
                                        ActionParams.NONE,
                                        worst(5_000))
                                .reason(),
                        Collections.nCopies(20, worst(128)),
                        "f".repeat(63),
                        "s".repeat(64));
        Decision decision =
                new Decision(
                        "00000000-0000-8000-8000-000000000000",
                        worst(128),
                        "p".repeat(63),
                        "v".repeat(63),
                        PatternType.PREDICTED_REPURCHASE,
                        worst(64),
                        AT,
                        Collections.nCopies(20, worst(128)),
                        Outcome.SUPPRESSED,
                        SuppressionReason.CONVERTED_BEFORE_SEND,
                        "00000000-0000-8000-8000-000000000000",
                        Channel.EMAIL,
                        worst(Match.MAX_REASON),
                        "f".repeat(63),
                        "s".repeat(64));
        Conversion conversion =
                new Conversion(
                        "00000000-0000-8000-8000-000000000000",
                        "00000000-0000-8000-8000-000000000000",
                        worst(128),
                        "p".repeat(63),
                        "v".repeat(63),
                        worst(64),
                        Conversion.Arm.TREATMENT,
                        "g".repeat(63),
                        worst(256),
                        new Money("XXX", 4),
                        Long.MAX_VALUE,
                        Long.MIN_VALUE / 2,
                        Long.MAX_VALUE / 2);

        assertThat(size(Outbound.of(Outputs.ACTIONS, action)))
                .isLessThanOrEqualTo(bounds.of(Outputs.ACTIONS));
        assertThat(size(Outbound.of(Outputs.DECISIONS, decision)))
                .isLessThanOrEqualTo(bounds.of(Outputs.DECISIONS));
        assertThat(size(Outbound.of(Outputs.CONVERSIONS, conversion)))
                .isLessThanOrEqualTo(bounds.of(Outputs.CONVERSIONS));
    }

    @Test
    void theLongestEngagementRecordFitsItsBound() {
        // Feedback is linked only by an action id the job wrote: a UUID, 36 characters.
        Engagement engagement =
                new Engagement(
                        "00000000-0000-8000-8000-000000000000",
                        worst(128),
                        "p".repeat(63),
                        "v".repeat(63),
                        Channel.EMAIL,
                        worst(64),
                        Engagement.Step.DELIVERED,
                        Long.MIN_VALUE / 2,
                        Long.MAX_VALUE / 2);

        assertThat(size(Outbound.of(Outputs.ENGAGEMENT, engagement)))
                .isLessThanOrEqualTo(bounds.of(Outputs.ENGAGEMENT));
        assertThat(bounds.of(Outputs.ENGAGEMENT))
                .as("as docs/operations.md, Limits, says")
                .isEqualTo(3_032);
    }

    @Test
    void theLongestProfileSnapshotFitsItsBound() throws Exception {
        PatternsConfig config =
                Configs.parse(
                        """
                        version: "t"
                        timezone: UTC
                        profile: {topCategories: 32, topBrands: 32, cycleCategories: 16, recentItems: 50}
                        patterns: []
                        """);
        ProfileUpdater keeper = new ProfileUpdater(config, Duration.ZERO);
        Profile profile = new Profile();
        ProfileView view = new ProfileView(config).of(profile);
        String user = worst(128);
        keeper.onEvent(
                profile,
                UserEvent.builder("r", user, EventType.REGISTER, AT)
                        .ageBand(worst(64))
                        .gender(worst(64))
                        .region(worst(64))
                        .build());
        // Many categories, brands and items with the longest ids, bought again and again.
        for (int day = 0; day < 40; day++) {
            for (int i = 0; i < 60; i++) {
                long at = AT + day * Duration.ofDays(1).toMillis() + i * 60_000L;
                String category = longId('c', i);
                keeper.onEvent(
                        profile,
                        UserEvent.builder("v" + day + "-" + i, user, EventType.VIEW, at)
                                .item(longId('i', i + day), category, longId('b', i))
                                .price(1e11)
                                .build());
                if (i < 20) {
                    keeper.onEvent(
                            profile,
                            UserEvent.builder("p" + day + "-" + i, user, EventType.PURCHASE, at + 1)
                                    .item(longId('i', i), category, longId('b', i))
                                    .price(1e11)
                                    .quantity(100_000)
                                    .build());
                }
            }
        }
        long now = AT + Duration.ofDays(41).toMillis();
        ProfileUpdate snapshot =
                new ProfileUpdate(user, now, new ProfileJson().snapshot(user, view, now));

        assertThat(view.recentItems()).hasSize(50);
        assertThat(view.categoryCycles()).hasSize(16);
        assertThat(size(Outbound.of(Outputs.PROFILES, snapshot)))
                .isLessThanOrEqualTo(bounds.of(Outputs.PROFILES));
    }

    @Test
    void theLongestAnswerAndDeadLetterFitTheirBounds() {
        List<String> lines = new ArrayList<>(Collections.nCopies(80, worst(2_000)));
        ControlAck ack =
                new ControlAck(
                        worst(400_000),
                        ControlAck.Status.NEEDS_RESTART,
                        lines,
                        lines,
                        worst(10_000),
                        worst(400),
                        worst(10_000),
                        AT,
                        AT);
        DeadLetter deadLetter =
                new DeadLetter(
                        RejectReason.UNREADABLE,
                        worst(10_000),
                        "t".repeat(249),
                        Integer.MIN_VALUE,
                        Long.MIN_VALUE,
                        new byte[1_000_000],
                        new byte[1_048_500]);

        assertThat(size(Outbound.of(Outputs.CONTROL_ACKS, ack)))
                .isLessThanOrEqualTo(bounds.of(Outputs.CONTROL_ACKS));
        assertThat(size(Outbound.of(Outputs.DEAD_LETTERS, deadLetter)))
                .isLessThanOrEqualTo(bounds.of(Outputs.DEAD_LETTERS));
    }

    @Test
    void everyOutputWrittenToKafkaHasABound() {
        assertThat(Outputs.ALL)
                .filteredOn(output -> output.topic().isPresent())
                .isNotEmpty()
                .allSatisfy(output -> assertThat(bounds.of(output)).as(output.name()).isPositive());
    }

    @Test
    void everyBoundFitsTheProducersDefaultsWithRoomToSpare() throws Exception {
        RecordBounds.check(settings, KafkaClientConfig.producer(settings.kafka()));

        assertThat(bounds.largest()).isLessThan(1_048_576 / 2);
    }

    @Test
    void aProducerThatCouldNotTakeTheLargestRecordStopsTheStartNamingTheSetting() {
        JobSettings small = settings("  properties: {max.request.size: \"100000\"}\n");
        Properties producer = KafkaClientConfig.producer(small.kafka());

        assertThatThrownBy(() -> RecordBounds.check(small, producer))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.max.request.size: 100000")
                .hasMessageContaining("an answer on the acks topic");
    }

    @Test
    void aLimitThatIsNotANumberOfBytesStopsTheStartToo() {
        JobSettings garbled = settings("  properties: {buffer.memory: \"32MB\"}\n");

        assertThatThrownBy(
                        () ->
                                RecordBounds.check(
                                        garbled, KafkaClientConfig.producer(garbled.kafka())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.buffer.memory: 32MB")
                .hasMessageContaining("a whole number of bytes");
    }

    @Test
    void largerEventsMakeLargerDeadLettersAndAreCheckedAgainstTheProducerToo() {
        JobSettings large = settings("").withEvents(new JobSettings.EventLimits(4 << 20, null));

        assertThatThrownBy(
                        () -> RecordBounds.check(large, KafkaClientConfig.producer(large.kafka())))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("kafka.properties.max.request.size")
                .hasMessageContaining("a dead letter")
                .hasMessageContaining("lower events.maxBytes");
    }

    private long size(Outbound record) {
        ProducerRecord<byte[], byte[]> produced = serializer.serialize(record, null, null);
        return OutboundSerializerTest.kafkaSize(produced);
    }

    private static String worst(int characters) {
        return String.valueOf(WORST).repeat(characters);
    }

    /** An id of 256 characters, the longest events carry, distinct per {@code n}. */
    private static String longId(char kind, int n) {
        String suffix = kind + Integer.toString(n);
        return worst(256 - suffix.length()) + suffix;
    }

    private static JobSettings settings(String kafkaExtra) {
        try {
            return JobSettingsReader.read(
                    "kafka:\n  bootstrapServers: \"localhost:9092\"\n" + kafkaExtra,
                    "test job.yaml");
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
