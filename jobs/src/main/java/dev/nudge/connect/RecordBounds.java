package dev.nudge.connect;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.ProfileSpec;
import dev.nudge.config.SegmentRules;
import dev.nudge.control.ControlAck;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.RejectReason;
import dev.nudge.job.JobSettings;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * The largest record of each kind the job writes, in the bytes the producer counts against {@code
 * max.request.size}, worked out from the bounds of its parts: what the parser accepts, what a
 * configuration may hold, what a match, an action and an answer keep. Every record fits by
 * construction; {@link #check} makes a deployment whose producer could not take one fail at start,
 * naming the setting, rather than restart forever on the first such record.
 *
 * <p>Texts are counted at their worst: a character escaped in JSON takes 6 bytes ({@code \u0001}),
 * and 3 in a raw UTF-8 key or header.
 */
public final class RecordBounds {
    /** Bytes of a JSON string of {@code n} characters at most, with its quotes. */
    private static long text(int characters) {
        return 6L * characters + 2;
    }

    /** Bytes of a raw UTF-8 key or header of {@code n} characters at most. */
    private static long raw(int characters) {
        return 3L * characters;
    }

    /** Any number or boolean the job writes, and an ISO time: at most this many bytes. */
    private static final long NUMBER = 32;

    /** The name, quotes, colon and comma of one field, for the longest name written. */
    private static final long FIELD = 26;

    /**
     * The record batch around one record and the record's own varints (Kafka's {@code
     * DefaultRecordBatch.RECORD_BATCH_OVERHEAD}, 61, and {@code DefaultRecord.MAX_RECORD_OVERHEAD},
     * 21), rounded up; and per header, the two lengths.
     */
    private static final long RECORD_OVERHEAD = 128;

    private static final long HEADER_OVERHEAD = 10;

    private static final int LONGEST_REASON =
            Arrays.stream(RejectReason.values()).mapToInt(r -> r.name().length()).max().orElse(0);

    /** The longest topic name Kafka allows: a dead letter names its source topic. */
    private static final int MAX_TOPIC_NAME = 249;

    private static final int ID = EventParser.MAX_ID_LENGTH;
    private static final int TEXT = EventParser.MAX_TEXT_LENGTH;
    private static final int UUID = 36;
    private static final int VERSION = ConfigLimits.VERSION.maxLength();
    private static final int PATTERN = ConfigLimits.PATTERN_ID.maxLength();
    private static final int TEMPLATE = ConfigLimits.TEMPLATE.maxLength();
    private static final int OFFER = ConfigLimits.OFFER.maxLength();

    private final long deadLetter;
    private final long action;
    private final long decision;
    private final long conversion;
    private final long profile;
    private final long controlAck;

    private RecordBounds(int maxEventBytes) {
        long key = raw(ID);
        long evidence = Match.MAX_EVIDENCE * (text(ID) + 1) + 2;
        long params =
                ActionParams.MAX_ITEMS * (text(TEXT) + 1)
                        + 2 * text(TEXT)
                        + text(OFFER)
                        + NUMBER
                        + 5 * FIELD;
        this.action =
                envelope(
                        key,
                        text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VERSION)
                                + NUMBER
                                + text(TEMPLATE)
                                + params
                                + text(OFFER)
                                + 4 * NUMBER
                                + text(Match.MAX_REASON)
                                + evidence
                                + 14 * FIELD);
        this.decision =
                envelope(
                        key,
                        2 * text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + 3 * NUMBER
                                + text(VERSION)
                                + evidence
                                + 2 * NUMBER
                                + text(Match.MAX_REASON)
                                + 12 * FIELD);
        this.conversion =
                envelope(
                        key,
                        2 * text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VERSION)
                                + NUMBER
                                + text(TEXT)
                                + 4 * NUMBER
                                + text(3)
                                + 12 * FIELD);
        this.profile = envelope(key, profileValue());
        long line = text(ControlAck.MAX_LINE) + 1;
        this.controlAck =
                envelope(
                        raw(ControlAck.MAX_VERSION),
                        3 * text(ControlAck.MAX_VERSION)
                                + NUMBER
                                + line
                                + 2 * (ControlAck.MAX_LISTED + 1) * line
                                + 2 * NUMBER
                                + 10 * FIELD);
        // A dead letter: the original's key and value, cut to their bounds by the serializer
        // (the value of a late event, the event as parsed, too), and its headers.
        long headers =
                raw(LONGEST_REASON)
                        + raw(DeadLetter.MAX_DETAIL)
                        + raw(MAX_TOPIC_NAME)
                        + 2 * NUMBER
                        + 2 * (NUMBER + 64)
                        + 9 * (HEADER_OVERHEAD + FIELD);
        this.deadLetter =
                RECORD_OVERHEAD + OutboundSerializer.MAX_DEAD_LETTER_KEY + maxEventBytes + headers;
    }

    /** The bounds of a deployment's records. */
    public static RecordBounds of(JobSettings settings) {
        return new RecordBounds(settings.events().maxBytes());
    }

    /**
     * Checks that the producer takes the largest record of every kind: its {@code max.request.size}
     * and {@code buffer.memory} (Kafka's defaults unless {@code kafka.properties} sets them).
     *
     * @throws ConfigException naming the setting, the value and the size it needs
     */
    public static void check(JobSettings settings, Properties producer) throws ConfigException {
        RecordBounds bounds = of(settings);
        long largest = bounds.largest();
        for (String setting : List.of("max.request.size", "buffer.memory")) {
            String value = producer.getProperty(setting);
            Long limit = value == null ? kafkaDefault(setting) : bytes(value);
            String expected =
                    String.format(
                            Locale.ROOT,
                            "a whole number of bytes, at least %,d: the largest record the job may"
                                    + " write (%s); raise it, or lower events.maxBytes if dead"
                                    + " letters are the largest",
                            largest,
                            bounds.largestKind());
            if (limit == null || limit < largest) {
                throw new ConfigException(
                        "job.yaml",
                        List.of(
                                new ConfigError(
                                        "kafka.properties." + setting,
                                        value == null ? "(default)" : value,
                                        expected)));
            }
        }
    }

    public long deadLetter() {
        return deadLetter;
    }

    public long action() {
        return action;
    }

    public long decision() {
        return decision;
    }

    public long conversion() {
        return conversion;
    }

    public long profile() {
        return profile;
    }

    public long controlAck() {
        return controlAck;
    }

    public long largest() {
        return Math.max(
                Math.max(deadLetter, Math.max(action, decision)),
                Math.max(conversion, Math.max(profile, controlAck)));
    }

    private String largestKind() {
        long largest = largest();
        if (largest == deadLetter) {
            return "a dead letter";
        } else if (largest == controlAck) {
            return "an answer on the acks topic";
        } else if (largest == profile) {
            return "a profile snapshot";
        } else if (largest == action) {
            return "an action";
        }
        return largest == decision ? "a decision" : "a conversion";
    }

    /** A record of a value of at most {@code value} bytes under a key of at most {@code key}. */
    private static long envelope(long key, long value) {
        return RECORD_OVERHEAD + key + value;
    }

    /**
     * A profile snapshot: the lists the profile keeps (categories and brands with scores, the
     * categories with purchase cycles, recent items, tags), their ids at most as long as events
     * allow, and some seventy fixed fields.
     */
    private static long profileValue() {
        long id = text(TEXT) + FIELD + 1;
        long scored = id + NUMBER + FIELD + 2;
        long cycle = id + 3 * (NUMBER + FIELD) + 2;
        int tags = SegmentRules.TAGS.size() + 4;
        return text(ID)
                + (ProfileSpec.MAX_TOP_CATEGORIES + ProfileSpec.MAX_TOP_BRANDS) * scored
                + ProfileSpec.MAX_CYCLE_CATEGORIES * cycle
                + ProfileSpec.MAX_RECENT_ITEMS * (text(TEXT) + 1)
                + tags * (text(32) + 1)
                + 4 * text(EventParser.MAX_ATTRIBUTE_LENGTH)
                + 80 * (NUMBER + FIELD);
    }

    private static Long kafkaDefault(String setting) {
        return switch (setting) {
            case "max.request.size" -> 1_048_576L;
            case "buffer.memory" -> 33_554_432L;
            default -> throw new IllegalArgumentException(setting);
        };
    }

    /** A byte count as Kafka reads it, or {@code null} if it is not one. */
    private static Long bytes(String value) {
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
