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
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * The largest record of each output the job writes to Kafka ({@link Outputs}), in the bytes the
 * producer counts against {@code max.request.size}, worked out from the bounds of its parts: what
 * the parser accepts, what a configuration may hold, what a match, an action and an answer keep.
 * Every record fits by construction; {@link #check} makes a deployment whose producer could not
 * take one fail at start, naming the setting, rather than restart forever on the first such record.
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
    private static final int FLOW_STEP = ConfigLimits.STEP_NAME.maxLength();
    private static final int PATTERN = ConfigLimits.PATTERN_ID.maxLength();
    private static final int VARIANT = ConfigLimits.VARIANT_ID.maxLength();
    private static final int GOAL = ConfigLimits.TAG_NAME.maxLength();
    private static final int TEMPLATE = ConfigLimits.TEMPLATE.maxLength();
    private static final int OFFER = ConfigLimits.OFFER.maxLength();

    /** The largest record of one output, and what it is called in messages. */
    private record Bound(long bytes, String record) {}

    /**
     * The bound of every output written to Kafka; when two are as large, the first here is named as
     * the largest.
     */
    private final Map<Output<?>, Bound> bounds = new LinkedHashMap<>();

    private RecordBounds(int maxEventBytes) {
        long key = raw(ID);
        long evidence = Match.MAX_EVIDENCE * (text(ID) + 1) + 2;
        long params =
                ActionParams.MAX_ITEMS * (text(TEXT) + 1)
                        + 2 * text(TEXT)
                        + text(OFFER)
                        + NUMBER
                        + 5 * FIELD;
        // A flow's records name the flow and the step.
        long flowStep = text(PATTERN) + text(FLOW_STEP) + 2 * FIELD;
        long action =
                envelope(
                        key,
                        text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VARIANT)
                                + text(VERSION)
                                + NUMBER
                                + text(TEMPLATE)
                                + params
                                + text(OFFER)
                                + 4 * NUMBER
                                + text(Match.MAX_REASON)
                                + evidence
                                + flowStep
                                + 15 * FIELD);
        long decision =
                envelope(
                        key,
                        2 * text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VARIANT)
                                + 3 * NUMBER
                                + text(VERSION)
                                + evidence
                                + 2 * NUMBER
                                + text(Match.MAX_REASON)
                                + flowStep
                                + 13 * FIELD);
        long conversion =
                envelope(
                        key,
                        2 * text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VARIANT)
                                + text(VERSION)
                                + NUMBER
                                + text(GOAL)
                                + text(TEXT)
                                + 4 * NUMBER
                                + text(3)
                                + 14 * FIELD);
        long engagement =
                envelope(
                        key,
                        text(UUID)
                                + text(ID)
                                + text(PATTERN)
                                + text(VARIANT)
                                + text(5)
                                + text(VERSION)
                                + text(9)
                                + 2 * NUMBER
                                + 9 * FIELD);
        long profile = envelope(key, profileValue());
        long line = text(ControlAck.MAX_LINE) + 1;
        long controlAck =
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
        long deadLetter =
                RECORD_OVERHEAD + OutboundSerializer.MAX_DEAD_LETTER_KEY + maxEventBytes + headers;
        bounds.put(Outputs.DEAD_LETTERS, new Bound(deadLetter, "a dead letter"));
        bounds.put(Outputs.CONTROL_ACKS, new Bound(controlAck, "an answer on the acks topic"));
        bounds.put(Outputs.PROFILES, new Bound(profile, "a profile snapshot"));
        bounds.put(Outputs.ACTIONS, new Bound(action, "an action"));
        bounds.put(Outputs.DECISIONS, new Bound(decision, "a decision"));
        bounds.put(Outputs.CONVERSIONS, new Bound(conversion, "a conversion"));
        bounds.put(Outputs.ENGAGEMENT, new Bound(engagement, "an engagement record"));
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
        Bound largest = bounds.largestBound();
        for (String setting : List.of("max.request.size", "buffer.memory")) {
            String value = producer.getProperty(setting);
            Long limit = value == null ? kafkaDefault(setting) : bytes(value);
            String expected =
                    String.format(
                            Locale.ROOT,
                            "a whole number of bytes, at least %,d: the largest record the job may"
                                    + " write (%s); raise it, or lower events.maxBytes if dead"
                                    + " letters are the largest",
                            largest.bytes(),
                            largest.record());
            if (limit == null || limit < largest.bytes()) {
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

    /**
     * The largest record of {@code output} in bytes.
     *
     * @throws IllegalStateException if the output is written to Kafka without a bound worked out
     *     here
     */
    public long of(Output<?> output) {
        return bound(output).bytes();
    }

    public long largest() {
        return largestBound().bytes();
    }

    /** The largest of all, once every output written to Kafka is known to have a bound. */
    private Bound largestBound() {
        for (Output<?> output : Outputs.ALL) {
            output.topic().ifPresent(topic -> bound(output));
        }
        Bound largest = null;
        for (Bound bound : bounds.values()) {
            if (largest == null || bound.bytes() > largest.bytes()) {
                largest = bound;
            }
        }
        return largest;
    }

    private Bound bound(Output<?> output) {
        Bound bound = bounds.get(output);
        if (bound == null) {
            throw new IllegalStateException(
                    "no bound for the records of "
                            + output
                            + ": every output written to Kafka needs one in RecordBounds");
        }
        return bound;
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
