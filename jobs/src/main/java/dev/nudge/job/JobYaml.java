package dev.nudge.job;

import static dev.nudge.config.SettingType.choice;
import static dev.nudge.config.SettingType.duration;
import static dev.nudge.config.SettingType.integer;
import static dev.nudge.config.SettingType.matching;
import static dev.nudge.config.SettingType.string;
import static dev.nudge.config.SettingType.structure;
import static java.time.Duration.ZERO;
import static java.time.Duration.ofDays;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;

import dev.nudge.config.Durations;
import dev.nudge.config.Setting;
import dev.nudge.config.SettingType;
import dev.nudge.config.Settings;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Every setting of {@code job.yaml}, declared once (docs/operators.md, Configuration): {@link
 * JobSettingsReader} reads the file through these declarations, and the README's table of job
 * settings is written from them. The file is read when the job starts, so every change needs a
 * restart.
 *
 * <p>A new setting is one declaration here, and the record component that holds it.
 */
public final class JobYaml {
    /** The settings of the file, in the order of the README's table. */
    public static final Settings DECLARED = new Settings();

    /** How a secret is written, never the secret itself. */
    static final String SECRET_FORMAT =
            "{file: /path/to/secret} or {env: VARIABLE}; never the secret itself";

    private static final Pattern SERVERS =
            Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Duration BROKER_TRANSACTION_LIMIT = ofMinutes(15);

    public static final Setting<String> BOOTSTRAP_SERVERS =
            DECLARED.key("kafka.bootstrapServers")
                    .type(matching(SERVERS, "host:port[,host:port...]"))
                    .required("host:port[,host:port...], e.g. kafka:9092")
                    .withDescription("the Kafka brokers");

    public static final Setting<String> GROUP_ID =
            DECLARED.key("kafka.groupId")
                    .type(string("a consumer group id"))
                    .defaultValue("nudge")
                    .withDescription("consumer group of the source");

    public static final Setting<JobSettings.StartingOffsets> STARTING_OFFSETS =
            DECLARED.key("kafka.startingOffsets")
                    .type(SettingType.oneOf(JobSettings.StartingOffsets.class))
                    .defaultValue(JobSettings.StartingOffsets.COMMITTED)
                    .withDescription(
                            "where the source starts without state; `COMMITTED` starts from the"
                                    + " earliest where the group has committed nothing");

    public static final Setting<String> TRANSACTIONAL_ID_PREFIX =
            DECLARED.key("kafka.transactionalIdPrefix")
                    .type(
                            matching(
                                    NAME,
                                    "letters, digits, '.', '_' and '-' only, unique per"
                                            + " deployment"))
                    .defaultValue("nudge")
                    .withDescription(
                            "unique per deployment: two jobs with the same prefix abort each"
                                    + " other's transactions");

    public static final Setting<Duration> TRANSACTION_TIMEOUT =
            DECLARED.key("kafka.transactionTimeout")
                    .type(transactionTimeout())
                    .defaultValue(BROKER_TRANSACTION_LIMIT)
                    .withDescription("at most the broker's `transaction.max.timeout.ms`");

    public static final Setting<String> SECURITY_PROTOCOL =
            DECLARED.key("kafka.security.protocol")
                    .type(choice("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"))
                    .defaultValue("PLAINTEXT")
                    .withDescription("how the job talks to the brokers");

    public static final Setting<String> SASL_MECHANISM =
            DECLARED.key("kafka.security.sasl.mechanism")
                    .type(choice("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"))
                    .defaultValue("SCRAM-SHA-512")
                    .withDescription("with a `SASL_` protocol: the mechanism ...");

    public static final Setting<String> SASL_USERNAME =
            DECLARED.key("kafka.security.sasl.username")
                    .type(string("a principal"))
                    .required("the job's Kafka principal")
                    .withDescription("... the job's principal ...");

    public static final Setting<KafkaSecurity.Secret> SASL_PASSWORD =
            DECLARED.key("kafka.security.sasl.password")
                    .type(secret())
                    .required(SECRET_FORMAT)
                    .withDescription("... and its password");

    public static final Setting<String> TRUSTSTORE_PATH =
            DECLARED.key("kafka.security.tls.truststore.path")
                    .type(string("a path"))
                    .required("the store file, mounted from a Kubernetes Secret")
                    .withDescription(
                            "with an `SSL` protocol: the store of the certificates the job"
                                    + " trusts ...");

    public static final Setting<String> TRUSTSTORE_TYPE =
            DECLARED.key("kafka.security.tls.truststore.type")
                    .type(string("a store type"))
                    .defaultValue("PKCS12")
                    .withDescription("... its type ...");

    public static final Setting<KafkaSecurity.Secret> TRUSTSTORE_PASSWORD =
            DECLARED.key("kafka.security.tls.truststore.password")
                    .type(secret())
                    .absentMeans("none")
                    .withDescription("... and its password");

    public static final Setting<String> KEYSTORE_PATH =
            DECLARED.key("kafka.security.tls.keystore.path")
                    .type(string("a path"))
                    .required("the store file, mounted from a Kubernetes Secret")
                    .withDescription(
                            "with an `SSL` protocol: the store of the job's own certificate, for"
                                    + " mutual TLS ...");

    public static final Setting<String> KEYSTORE_TYPE =
            DECLARED.key("kafka.security.tls.keystore.type")
                    .type(string("a store type"))
                    .defaultValue("PKCS12")
                    .withDescription("... its type ...");

    public static final Setting<KafkaSecurity.Secret> KEYSTORE_PASSWORD =
            DECLARED.key("kafka.security.tls.keystore.password")
                    .type(secret())
                    .absentMeans("none")
                    .withDescription("... and its password");

    public static final Setting<Map<String, String>> PROPERTIES =
            DECLARED.key("kafka.properties")
                    .type(SettingType.<Map<String, String>>structure("`{property: value, ...}`"))
                    .defaultValue(Map.of())
                    .absentMeans("none")
                    .withDescription("further Kafka client properties, except those Nudge manages");

    public static final Setting<String> EVENTS_TOPIC = topic("events", "user-events", "input");

    public static final Setting<String> DEAD_LETTERS_TOPIC =
            topic("deadLetters", "user-events-dlq", "dead letters");

    public static final Setting<String> ACTIONS_TOPIC =
            topic("actions", "marketing-actions", "actions, for the senders");

    public static final Setting<String> DECISIONS_TOPIC =
            topic("decisions", "marketing-decisions", "decisions, the audit");

    public static final Setting<String> CONVERSIONS_TOPIC =
            topic("conversions", "marketing-conversions", "attributed purchases");

    public static final Setting<String> ENGAGEMENT_TOPIC =
            topic(
                    "engagement",
                    "marketing-engagement",
                    "senders' feedback linked to the actions it is about");

    public static final Setting<String> PROFILES_TOPIC =
            topic("profiles", "user-profiles", "profile snapshots, compacted");

    public static final Setting<String> CONTROL_TOPIC =
            topic("control", "marketing-control", "patterns documents published to the job");

    public static final Setting<String> CONTROL_ACKS_TOPIC =
            topic("controlAcks", "marketing-control-acks", "the job's answers to them");

    public static final Setting<Integer> MAX_BYTES =
            DECLARED.key("events.maxBytes")
                    .type(integer(256, 10 * 1024 * 1024))
                    .defaultValue(65_536)
                    .withDescription("larger records are dead letters");

    public static final Setting<Duration> MAX_FUTURE_SKEW =
            DECLARED.key("events.maxFutureSkew")
                    .type(duration(ZERO, ofDays(7)))
                    .defaultValue(ofMinutes(10))
                    .withDescription("events further ahead of the clock are dead letters");

    public static final Setting<Duration> MAX_OUT_OF_ORDERNESS =
            DECLARED.key("watermarks.maxOutOfOrderness")
                    .type(duration(ZERO, ofHours(1)))
                    .defaultValue(ofSeconds(5))
                    .withDescription("how late an event may arrive behind the newest");

    public static final Setting<Duration> IDLENESS =
            DECLARED.key("watermarks.idleness")
                    .type(duration(ofSeconds(1), ofDays(1)))
                    .defaultValue(ofMinutes(1))
                    .withDescription("a partition without events stops holding back time");

    public static final Setting<Duration> DEDUP_HORIZON =
            DECLARED.key("journey.dedupHorizon")
                    .type(duration(ZERO, ofDays(7)))
                    .defaultValue(ofHours(1))
                    .withDescription(
                            "repeated event ids within this are dropped. Kept per user: the last"
                                    + " 256 ids that arrived within it, 5 bytes each: a 32-bit"
                                    + " fingerprint of the id and its event time in minutes, rounded"
                                    + " up (so an id is remembered this long and less than two minutes"
                                    + " more, never less). Beyond 256 ids within the horizon the"
                                    + " oldest arrivals are forgotten, and their copies are processed"
                                    + " again. A new id whose fingerprint equals one of those held is"
                                    + " dropped as a copy: at most 256 / 2³² = 6·10⁻⁸ per event for a"
                                    + " user holding 256 ids, less for fewer");

    public static final Setting<Duration> STATE_TTL =
            DECLARED.key("journey.stateTtl")
                    .type(duration(ofDays(1), ofDays(3650)))
                    .defaultValue(ofDays(180))
                    .withDescription("a user without events for this long is forgotten");

    public static final Setting<Duration> RELEASE_DELAY =
            DECLARED.key("journey.releaseDelay")
                    .type(duration(ZERO, ofHours(1)))
                    .defaultValue(ofHours(1))
                    .withDescription(
                            "how long an event the watermark has passed may wait for the user's"
                                    + " next event, to be processed with it in one state access;"
                                    + " capped by every pattern's tolerance (a browse pattern"
                                    + " tolerates its window), so it never changes results or"
                                    + " delays an action");

    public static final Setting<Integer> MAX_PENDING_EVENTS =
            DECLARED.key("journey.maxPendingEvents")
                    .type(integer(1, 10_000))
                    .defaultValue(64)
                    .withDescription(
                            "per user; beyond it the oldest waiting event is processed at once");

    public static final Setting<Duration> PROFILE_INTERVAL =
            DECLARED.key("journey.profileInterval")
                    .type(duration(ZERO, ofDays(7)))
                    .defaultValue(ofHours(1))
                    .withDescription(
                            "at most one profile snapshot per user per this much event time");

    public static final Setting<Duration> ERASURE_MEMORY =
            DECLARED.key("journey.erasureMemory")
                    .type(duration(ofMinutes(1), ofDays(90)))
                    .defaultValue(ofDays(7))
                    .withDescription(
                            "how long an erased user is remembered (as a hash), to suppress"
                                    + " SEQUENCE matches built before the erasure; keep it above"
                                    + " every SEQUENCE's `within`");

    public static final Setting<Integer> MAX_ERASURE_MARKERS =
            DECLARED.key("journey.maxErasureMarkers")
                    .type(integer(1, 10_000_000))
                    .defaultValue(10_000)
                    .withDescription(
                            "erased users remembered per parallel instance (16 bytes each)");

    public static final Setting<Integer> JOURNEY_CACHE =
            DECLARED.key("journey.journeyCache")
                    .type(integer(0, 1_000_000))
                    .defaultValue(4096)
                    .withDescription(
                            "decoded journeys kept in memory per parallel instance in front of"
                                    + " RocksDB, written back when they leave it or before each"
                                    + " checkpoint (0 turns it off; not used on heap state); when it"
                                    + " is full, the journey whose timer is due last gives way (of"
                                    + " eight drawn at random), so it keeps the users due to wake"
                                    + " soonest: size it to the users an instance wakes in a few"
                                    + " minutes");

    public static final Setting<Integer> MAX_BURST =
            DECLARED.key("sequences.maxBurst")
                    .type(integer(1, 100_000))
                    .defaultValue(200)
                    .withDescription(
                            "per user and SEQUENCE pattern: events of the pattern's types admitted"
                                    + " at once into its Flink CEP operator ...");

    public static final Setting<Integer> MAX_EVENTS_PER_MINUTE =
            DECLARED.key("sequences.maxEventsPerMinute")
                    .type(integer(1, 100_000))
                    .defaultValue(60)
                    .withDescription(
                            "... and then per minute of event time; more are `RATE_LIMITED` dead"
                                    + " letters for that pattern (the rest of the job processes"
                                    + " them)");

    public static final Setting<Integer> MAX_PARTIAL_MATCHES =
            DECLARED.key("sequences.maxPartialMatches")
                    .type(integer(1, 10_000))
                    .defaultValue(100)
                    .withDescription(
                            "per user and SEQUENCE pattern: partial matches Flink CEP keeps;"
                                    + " beyond it those that began last are dropped");

    private JobYaml() {}

    private static Setting<String> topic(String name, String defaultName, String what) {
        return DECLARED.key("topics." + name)
                .type(matching(NAME, "a Kafka topic name: letters, digits, '.', '_', '-'"))
                .defaultValue(defaultName)
                .withDescription(what);
    }

    /** A secret: where it is, in a file or an environment variable; read by the reader. */
    private static SettingType<KafkaSecurity.Secret> secret() {
        return structure("`{file: /path}` or `{env: VARIABLE}`, never the secret itself");
    }

    /**
     * A transaction timeout: Kafka brokers refuse one above their {@code
     * transaction.max.timeout.ms}, 15 minutes unless raised.
     */
    private static SettingType<Duration> transactionTimeout() {
        SettingType<Duration> written = duration(ofMinutes(1), ofDays(1));
        return SettingType.of(
                (node, name, fallback) -> {
                    Duration timeout = written.read(node, name, fallback);
                    if (timeout != null && timeout.compareTo(BROKER_TRANSACTION_LIMIT) > 0) {
                        node.error(
                                name,
                                Durations.format(timeout),
                                "at most the broker's transaction.max.timeout.ms (15m by"
                                        + " default)");
                        return BROKER_TRANSACTION_LIMIT;
                    }
                    return timeout;
                },
                "1m–15m");
    }
}
