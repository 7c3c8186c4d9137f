package dev.nudge.job;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import dev.nudge.config.ConfigNode;
import dev.nudge.config.Setting;
import dev.nudge.config.Settings;
import dev.nudge.journey.JourneySettings;
import dev.nudge.sequence.SequenceLimits;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates {@code job.yaml}. Like the patterns reader, it reports every error at once
 * with the field path, the value and what to write instead. Every setting is read through its
 * declaration in {@link JobYaml}, and the keys a block allows are those declared under it.
 */
public final class JobSettingsReader {
    private static final ObjectMapper YAML =
            YAMLMapper.builder().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION).build();
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Settings DECLARED = JobYaml.DECLARED;

    /** How a secret is written: as where it is. */
    private static final Set<String> SECRET = Set.of("file", "env");

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
        JobSettings settings = bind(ConfigNode.root(document, errors, DECLARED.keysUnder("")));
        if (!errors.isEmpty()) {
            throw new ConfigException(source, errors);
        }
        return settings;
    }

    private static JobSettings bind(ConfigNode root) {
        return new JobSettings(
                kafka(block(root, "kafka")),
                topics(block(root, "topics")),
                events(block(root, "events")),
                watermarks(block(root, "watermarks")),
                journey(block(root, "journey")),
                sequences(block(root, "sequences")));
    }

    /** The block at {@code key} of {@code parent}, with the keys declared under it. */
    private static ConfigNode block(ConfigNode parent, String key) {
        String path = parent.path().equals(ConfigError.DOCUMENT) ? key : parent.path() + "." + key;
        return parent.object(key, DECLARED.keysUnder(path));
    }

    private static JobSettings.Kafka kafka(ConfigNode node) {
        return new JobSettings.Kafka(
                node.get(JobYaml.BOOTSTRAP_SERVERS),
                node.get(JobYaml.GROUP_ID),
                node.get(JobYaml.STARTING_OFFSETS),
                node.get(JobYaml.TRANSACTIONAL_ID_PREFIX),
                node.get(JobYaml.TRANSACTION_TIMEOUT),
                security(block(node, "security")),
                properties(node.anyObject(JobYaml.PROPERTIES.name())));
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
        String protocol = node.get(JobYaml.SECURITY_PROTOCOL);
        ConfigNode sasl = block(node, "sasl");
        String mechanism = null;
        String username = null;
        KafkaSecurity.Secret password = null;
        if (protocol.startsWith("SASL_")) {
            mechanism = sasl.get(JobYaml.SASL_MECHANISM);
            username = sasl.get(JobYaml.SASL_USERNAME);
            password = secret(sasl, JobYaml.SASL_PASSWORD);
        } else if (sasl.isPresent()) {
            node.error("sasl", "set", "protocol SASL_PLAINTEXT or SASL_SSL when sasl is given");
        }
        ConfigNode tls = block(node, "tls");
        KafkaSecurity.Store truststore = null;
        KafkaSecurity.Store keystore = null;
        if (protocol.endsWith("SSL")) {
            truststore =
                    store(
                            tls,
                            "truststore",
                            JobYaml.TRUSTSTORE_PATH,
                            JobYaml.TRUSTSTORE_TYPE,
                            JobYaml.TRUSTSTORE_PASSWORD);
            keystore =
                    store(
                            tls,
                            "keystore",
                            JobYaml.KEYSTORE_PATH,
                            JobYaml.KEYSTORE_TYPE,
                            JobYaml.KEYSTORE_PASSWORD);
        } else if (tls.isPresent()) {
            node.error("tls", "set", "protocol SSL or SASL_SSL when tls is given");
        }
        return new KafkaSecurity(protocol, mechanism, username, password, truststore, keystore);
    }

    private static KafkaSecurity.Store store(
            ConfigNode tls,
            String key,
            Setting<String> path,
            Setting<String> type,
            Setting<KafkaSecurity.Secret> password) {
        if (!tls.has(key)) {
            return null;
        }
        ConfigNode node = block(tls, key);
        return new KafkaSecurity.Store(node.get(path), node.get(type), secret(node, password));
    }

    private static KafkaSecurity.Secret secret(
            ConfigNode parent, Setting<KafkaSecurity.Secret> setting) {
        String key = setting.name();
        String expected = JobYaml.SECRET_FORMAT;
        if (!parent.has(key)) {
            if (setting.isRequired()) {
                setting.missingIn(parent);
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
                node.get(JobYaml.EVENTS_TOPIC),
                node.get(JobYaml.DEAD_LETTERS_TOPIC),
                node.get(JobYaml.ACTIONS_TOPIC),
                node.get(JobYaml.DECISIONS_TOPIC),
                node.get(JobYaml.CONVERSIONS_TOPIC),
                node.get(JobYaml.PROFILES_TOPIC),
                node.get(JobYaml.CONTROL_TOPIC),
                node.get(JobYaml.CONTROL_ACKS_TOPIC),
                node.get(JobYaml.ENGAGEMENT_TOPIC));
    }

    private static JobSettings.EventLimits events(ConfigNode node) {
        return new JobSettings.EventLimits(
                node.get(JobYaml.MAX_BYTES), node.get(JobYaml.MAX_FUTURE_SKEW));
    }

    private static JobSettings.WatermarkSettings watermarks(ConfigNode node) {
        return new JobSettings.WatermarkSettings(
                node.get(JobYaml.MAX_OUT_OF_ORDERNESS), node.get(JobYaml.IDLENESS));
    }

    /** The journey's settings in {@code node}; those of an absent block are the defaults. */
    static JourneySettings journey(ConfigNode node) {
        return new JourneySettings(
                node.get(JobYaml.DEDUP_HORIZON),
                node.get(JobYaml.STATE_TTL),
                node.get(JobYaml.RELEASE_DELAY),
                node.get(JobYaml.MAX_PENDING_EVENTS),
                node.get(JobYaml.PROFILE_INTERVAL),
                node.get(JobYaml.ERASURE_MEMORY),
                node.get(JobYaml.MAX_ERASURE_MARKERS),
                node.get(JobYaml.JOURNEY_CACHE),
                Long.MAX_VALUE);
    }

    /**
     * The SEQUENCE operators' bounds in {@code node}; those of an absent block are the defaults.
     */
    static SequenceLimits sequences(ConfigNode node) {
        return new SequenceLimits(
                node.get(JobYaml.MAX_BURST),
                node.get(JobYaml.MAX_EVENTS_PER_MINUTE),
                node.get(JobYaml.MAX_PARTIAL_MATCHES));
    }
}
