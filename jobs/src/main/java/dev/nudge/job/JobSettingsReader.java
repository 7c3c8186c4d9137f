package dev.nudge.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigNode;
import dev.nudge.config.Durations;
import dev.nudge.journey.JourneySettings;
import dev.nudge.sequence.SequenceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code job.yaml}. Like the patterns reader, it reports every error at once
 * with the field path, the value and what to write instead.
 */
public final class JobSettingsReader {
    private static final ObjectMapper YAML =
            YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");
    private static final Pattern SERVERS =
            Pattern.compile("[^\\s,:]+:\\d{1,5}(,[^\\s,:]+:\\d{1,5})*");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    /** Client properties that Nudge sets itself; overriding them would break exactly-once. */
    static final Set<String> MANAGED_PROPERTIES =
            Set.of(
                    "bootstrap.servers",
                    "group.id",
                    "isolation.level",
                    "enable.auto.commit",
                    "enable.idempotence",
                    "transactional.id",
                    "transaction.timeout.ms",
                    "key.serializer",
                    "value.serializer",
                    "key.deserializer",
                    "value.deserializer",
                    "security.protocol",
                    "sasl.mechanism",
                    "sasl.jaas.config",
                    "config.providers");

    private static final Set<String> ROOT =
            Set.of("kafka", "topics", "events", "watermarks", "journey", "sequences");
    private static final Set<String> KAFKA =
            Set.of(
                    "bootstrapServers",
                    "groupId",
                    "startingOffsets",
                    "transactionalIdPrefix",
                    "transactionTimeout",
                    "security",
                    "properties");
    private static final Set<String> SECURITY = Set.of("protocol", "sasl", "tls");
    private static final Set<String> SASL = Set.of("mechanism", "username", "password");
    private static final Set<String> TLS = Set.of("truststore", "keystore");
    private static final Set<String> STORE = Set.of("path", "type", "password");
    private static final Set<String> SECRET = Set.of("file", "env");
    private static final Set<String> TOPICS =
            Set.of(
                    "events",
                    "deadLetters",
                    "actions",
                    "decisions",
                    "conversions",
                    "profiles",
                    "control",
                    "controlAcks");
    private static final Set<String> EVENTS = Set.of("maxBytes", "maxFutureSkew");
    private static final Set<String> WATERMARKS = Set.of("maxOutOfOrderness", "idleness");
    private static final Set<String> JOURNEY =
            Set.of(
                    "dedupHorizon",
                    "stateTtl",
                    "releaseDelay",
                    "maxPendingEvents",
                    "profileInterval",
                    "erasureMemory",
                    "maxErasureMarkers",
                    "journeyCache");

    private static final Set<String> SEQUENCES =
            Set.of("maxBurst", "maxEventsPerMinute", "maxPartialMatches");

    private JobSettingsReader() {}

    public static JobSettings read(Path file) throws IOException, ConfigException {
        return read(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    public static JobSettings read(String text, String source) throws ConfigException {
        List<ConfigError> errors = new ArrayList<>();
        JsonNode document;
        try {
            document = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String where =
                    e.getLocation() == null
                            ? "(document)"
                            : "(document) line " + e.getLocation().getLineNr();
            throw new ConfigException(
                    source,
                    List.of(
                            new ConfigError(
                                    where,
                                    e.getOriginalMessage().lines().findFirst().orElse(""),
                                    "well-formed YAML")));
        }
        JobSettings settings = bind(ConfigNode.root(document, errors, ROOT));
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return settings;
    }

    private static JobSettings bind(ConfigNode root) {
        return new JobSettings(
                kafka(root.object("kafka", KAFKA)),
                topics(root.object("topics", TOPICS)),
                events(root.object("events", EVENTS)),
                watermarks(root.object("watermarks", WATERMARKS)),
                journey(root.object("journey", JOURNEY)),
                sequences(root.object("sequences", SEQUENCES)));
    }

    private static JobSettings.Kafka kafka(ConfigNode node) {
        String servers =
                node.requiredString(
                        "bootstrapServers", "host:port[,host:port...], e.g. kafka:9092");
        if (servers != null && !SERVERS.matcher(servers).matches()) {
            node.error("bootstrapServers", "\"" + servers + "\"", "host:port[,host:port...]");
        }
        String prefix = node.string("transactionalIdPrefix", "nudge");
        if (!TOPIC.matcher(prefix).matches()) {
            node.error(
                    "transactionalIdPrefix",
                    "\"" + prefix + "\"",
                    "letters, digits, '.', '_' and '-' only, unique per deployment");
        }
        return new JobSettings.Kafka(
                servers,
                node.string("groupId", "nudge"),
                node.enumValue(
                        "startingOffsets",
                        JobSettings.StartingOffsets.class,
                        JobSettings.StartingOffsets.COMMITTED),
                prefix,
                transactionTimeout(node),
                security(node.object("security", SECURITY)),
                properties(node.anyObject("properties")));
    }

    private static Duration transactionTimeout(ConfigNode node) {
        Duration timeout =
                node.duration(
                        "transactionTimeout",
                        Duration.ofMinutes(15),
                        Duration.ofMinutes(1),
                        Duration.ofDays(1));
        if (timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            node.error(
                    "transactionTimeout",
                    Durations.format(timeout),
                    "at most the broker's transaction.max.timeout.ms (15m by default)");
            return Duration.ofMinutes(15);
        }
        return timeout;
    }

    /** Any client property may be given, except those Nudge manages itself. */
    private static Map<String, String> properties(ConfigNode node) {
        Map<String, String> into = new LinkedHashMap<>();
        for (String key : node.keys()) {
            if (MANAGED_PROPERTIES.contains(key)) {
                node.error(
                        key,
                        "set",
                        "a property Nudge does not manage; "
                                + key
                                + " is set from the other kafka settings");
                continue;
            }
            String value = node.string(key, null);
            if (value != null) {
                into.put(key, value);
            }
        }
        return into;
    }

    private static KafkaSecurity security(ConfigNode node) {
        String protocol = node.string("protocol", "PLAINTEXT");
        if (!Set.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL").contains(protocol)) {
            node.error(
                    "protocol",
                    "\"" + protocol + "\"",
                    "one of PLAINTEXT, SSL, SASL_PLAINTEXT, SASL_SSL");
            protocol = "PLAINTEXT";
        }
        ConfigNode sasl = node.object("sasl", SASL);
        String mechanism = null;
        String username = null;
        KafkaSecurity.Secret password = null;
        if (protocol.startsWith("SASL_")) {
            mechanism = sasl.string("mechanism", "SCRAM-SHA-512");
            if (!Set.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512").contains(mechanism)) {
                sasl.error(
                        "mechanism",
                        "\"" + mechanism + "\"",
                        "one of PLAIN, SCRAM-SHA-256, SCRAM-SHA-512");
            }
            username = sasl.requiredString("username", "the job's Kafka principal");
            password = secret(sasl, "password", true);
        } else if (sasl.isPresent()) {
            node.error("sasl", "set", "protocol SASL_PLAINTEXT or SASL_SSL when sasl is given");
        }
        ConfigNode tls = node.object("tls", TLS);
        KafkaSecurity.Store truststore = null;
        KafkaSecurity.Store keystore = null;
        if (protocol.endsWith("SSL")) {
            truststore = store(tls, "truststore");
            keystore = store(tls, "keystore");
        } else if (tls.isPresent()) {
            node.error("tls", "set", "protocol SSL or SASL_SSL when tls is given");
        }
        return new KafkaSecurity(protocol, mechanism, username, password, truststore, keystore);
    }

    private static KafkaSecurity.Store store(ConfigNode tls, String key) {
        if (!tls.has(key)) {
            return null;
        }
        ConfigNode node = tls.object(key, STORE);
        String path =
                node.requiredString("path", "the store file, mounted from a Kubernetes Secret");
        String type = node.string("type", "PKCS12");
        return new KafkaSecurity.Store(path, type, secret(node, "password", false));
    }

    private static KafkaSecurity.Secret secret(ConfigNode parent, String key, boolean required) {
        String expected = "{file: /path/to/secret} or {env: VARIABLE}; never the secret itself";
        if (!parent.has(key)) {
            if (required) {
                parent.error(key, null, expected);
            }
            return null;
        }
        if (!parent.isObject(key)) {
            // Never echo the value: it may be the secret itself.
            parent.error(key, "a plain value (not shown)", expected);
            return null;
        }
        ConfigNode node = parent.object(key, SECRET);
        String file = node.string("file", null);
        String env = node.string("env", null);
        if ((file == null) == (env == null)) {
            parent.error(key, "an object", "exactly one of " + expected);
            return null;
        }
        if (env != null && !ENV_NAME.matcher(env).matches()) {
            node.error("env", "\"" + env + "\"", "an environment variable name");
        }
        return new KafkaSecurity.Secret(file, env);
    }

    private static JobSettings.Topics topics(ConfigNode node) {
        return new JobSettings.Topics(
                topic(node, "events", "user-events"),
                topic(node, "deadLetters", "user-events-dlq"),
                topic(node, "actions", "marketing-actions"),
                topic(node, "decisions", "marketing-decisions"),
                topic(node, "conversions", "marketing-conversions"),
                topic(node, "profiles", "user-profiles"),
                topic(node, "control", "marketing-control"),
                topic(node, "controlAcks", "marketing-control-acks"));
    }

    private static String topic(ConfigNode node, String key, String defaultName) {
        String name = node.string(key, defaultName);
        if (!TOPIC.matcher(name).matches()) {
            node.error(
                    key, "\"" + name + "\"", "a Kafka topic name: letters, digits, '.', '_', '-'");
        }
        return name;
    }

    private static JobSettings.EventLimits events(ConfigNode node) {
        return new JobSettings.EventLimits(
                node.integer("maxBytes", 65_536, 256, 10 * 1024 * 1024),
                node.duration(
                        "maxFutureSkew",
                        Duration.ofMinutes(10),
                        Duration.ZERO,
                        Duration.ofDays(7)));
    }

    private static JobSettings.WatermarkSettings watermarks(ConfigNode node) {
        return new JobSettings.WatermarkSettings(
                node.duration(
                        "maxOutOfOrderness",
                        Duration.ofSeconds(5),
                        Duration.ZERO,
                        Duration.ofHours(1)),
                node.duration(
                        "idleness",
                        Duration.ofMinutes(1),
                        Duration.ofSeconds(1),
                        Duration.ofDays(1)));
    }

    private static JourneySettings journey(ConfigNode node) {
        return new JourneySettings(
                node.duration(
                        "dedupHorizon", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(7)),
                node.duration(
                        "stateTtl",
                        Duration.ofDays(180),
                        Duration.ofDays(1),
                        Duration.ofDays(3650)),
                node.duration(
                        "releaseDelay", Duration.ofHours(1), Duration.ZERO, Duration.ofHours(1)),
                node.integer("maxPendingEvents", 64, 1, 10_000),
                node.duration(
                        "profileInterval", Duration.ofHours(1), Duration.ZERO, Duration.ofDays(7)),
                node.duration(
                        "erasureMemory",
                        Duration.ofDays(7),
                        Duration.ofMinutes(1),
                        Duration.ofDays(90)),
                node.integer("maxErasureMarkers", 10_000, 1, 10_000_000),
                node.integer("journeyCache", 4096, 0, 1_000_000),
                Long.MAX_VALUE);
    }

    private static SequenceLimits sequences(ConfigNode node) {
        SequenceLimits d = SequenceLimits.DEFAULTS;
        return new SequenceLimits(
                node.integer("maxBurst", d.maxBurst(), 1, 100_000),
                node.integer("maxEventsPerMinute", d.maxEventsPerMinute(), 1, 100_000),
                node.integer("maxPartialMatches", d.maxPartialMatches(), 1, 10_000));
    }
}
