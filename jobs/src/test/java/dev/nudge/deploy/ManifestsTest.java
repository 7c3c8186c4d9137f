package dev.nudge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nudge.cli.NudgeCli;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import dev.nudge.validate.PatternsValidator;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.FallbackKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * What a platform team applies (k8s/) is checked here: every manifest parses and is of a known kind
 * and API version, the deployment runs the jar the image holds with arguments the command line
 * accepts and files the pods mount, every Flink setting is a real Flink 2.2 option, and the topics,
 * users and alerts fit the job's configuration.
 */
class ManifestsTest {
    private static final Path K8S = Path.of("..", "k8s");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private static final Map<String, String> API_VERSIONS =
            Map.of(
                    "FlinkDeployment", "flink.apache.org/v1beta1",
                    "ConfigMap", "v1",
                    "KafkaTopic", "kafka.strimzi.io/v1beta2",
                    "KafkaUser", "kafka.strimzi.io/v1beta2",
                    "PodMonitor", "monitoring.coreos.com/v1",
                    "PrometheusRule", "monitoring.coreos.com/v1");

    /**
     * Options that are no {@code ConfigOption} on the test classpath, each with what defines it:
     * the S3 file system plugin (which the image enables, and the job does not depend on), and the
     * Prometheus reporter's port, a plain argument of its factory.
     */
    private static final Map<String, String> PLUGIN_OPTIONS =
            Map.of(
                    "s3.endpoint", "flink-s3-fs-presto",
                    "s3.path.style.access", "flink-s3-fs-presto",
                    "metrics.reporter.prom.port", "PrometheusReporterFactory");

    private static List<JsonNode> manifests;

    @BeforeAll
    static void readManifests() throws IOException {
        manifests = new ArrayList<>();
        try (Stream<Path> files = Files.list(K8S)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                try (var parser = YAML.getFactory().createParser(file.toFile())) {
                    YAML.readValues(parser, JsonNode.class).forEachRemaining(manifests::add);
                }
            }
        }
    }

    @Test
    void everyManifestIsOfAKnownKindAndApiVersionAndNamed() {
        assertThat(manifests).hasSizeGreaterThan(10);
        assertThat(manifests)
                .allSatisfy(
                        m -> {
                            String kind = m.path("kind").asText();
                            assertThat(API_VERSIONS).as("kind %s", kind).containsKey(kind);
                            assertThat(m.path("apiVersion").asText())
                                    .as("apiVersion of %s", kind)
                                    .isEqualTo(API_VERSIONS.get(kind));
                            assertThat(m.path("metadata").path("name").asText()).isNotBlank();
                            assertThat(m.path("metadata").path("namespace").asText())
                                    .as("namespace of %s", kind)
                                    .isEqualTo("nudge");
                        });
        assertThat(kinds()).containsAll(API_VERSIONS.keySet());
    }

    @Test
    void theDeploymentRunsTheJarOfTheImageWithArgumentsTheCommandLineAccepts() throws IOException {
        JsonNode job = deployment().path("spec").path("job");
        String dockerfile = Files.readString(K8S.resolve("Dockerfile"));

        assertThat(dockerfile).containsPattern("(?m)^FROM flink:2\\.2(\\.\\d+)?-java17$");
        assertThat(dockerfile)
                .as("the thin jar, Flink coming from the image (ClusterJarIT checks the jar)")
                .contains("jobs/target/nudge-job.jar /opt/flink/usrlib/nudge-job.jar");
        assertThat(job.path("jarURI").asText())
                .isEqualTo("local:///opt/flink/usrlib/nudge-job.jar");
        assertThat(job.path("entryClass").asText()).isEqualTo(NudgeCli.class.getName());
        assertThat(job.path("upgradeMode").asText()).isEqualTo("savepoint");

        List<String> args = strings(job.path("args"));
        CommandLine.ParseResult parsed =
                new CommandLine(new NudgeCli()).parseArgs(args.toArray(String[]::new));
        assertThat(parsed.subcommand().commandSpec().name()).isEqualTo("run");
        String jobFile = parsed.subcommand().matchedOptionValue("--job", Path.of("")).toString();
        String patternsFile =
                parsed.subcommand().matchedOptionValue("--patterns", Path.of("")).toString();
        String mount = configMount();
        assertThat(jobFile).isEqualTo(mount + "/job.yaml");
        assertThat(patternsFile).isEqualTo(mount + "/patterns.yaml");
    }

    @Test
    void theOperatorsClientSettingsAreThoseOfTheOperatorsKafkaUser() throws IOException {
        Properties client = new Properties();
        try (var reader = Files.newBufferedReader(K8S.resolve("operators.properties.example"))) {
            client.load(reader);
        }
        JsonNode operators =
                ofKind("KafkaUser").stream()
                        .filter(
                                u ->
                                        u.path("metadata")
                                                .path("name")
                                                .asText()
                                                .equals("nudge-operators"))
                        .findFirst()
                        .orElseThrow();

        assertThat(client.getProperty("security.protocol")).isEqualTo("SASL_SSL");
        assertThat(client.getProperty("sasl.mechanism"))
                .isEqualToIgnoringCase(
                        operators.path("spec").path("authentication").path("type").asText());
        assertThat(client.getProperty("sasl.jaas.config"))
                .contains("ScramLoginModule required", "username=\"nudge-operators\"");
        assertThat(client.getProperty("ssl.truststore.type")).isEqualTo("PEM");
    }

    @Test
    void theMountedConfigurationIsValidAndThePatternsAreTheShippedOnes() throws Exception {
        JsonNode data = ofKind("ConfigMap").get(0).path("data");

        JobSettings settings = JobSettingsReader.read(data.path("job.yaml").asText(), "job.yaml");
        assertThat(settings.kafka().security().protocol()).isEqualTo("SASL_SSL");
        String patterns = data.path("patterns.yaml").asText();
        assertThat(PatternsValidator.validated(patterns, "patterns.yaml")).isNotNull();
        assertThat(patterns)
                .as("k8s/configmap.yaml carries config/patterns.yaml")
                .isEqualTo(
                        Files.readString(
                                Path.of("..", "config", "patterns.yaml"), StandardCharsets.UTF_8));

        List<String> mounts = container().path("volumeMounts").findValuesAsText("mountPath");
        for (String secretFile :
                List.of(
                        "/etc/nudge/kafka-user/password",
                        "/etc/nudge/kafka-ca/ca.p12",
                        "/etc/nudge/kafka-ca/ca.password")) {
            assertThat(data.path("job.yaml").asText()).contains(secretFile);
            assertThat(mounts).anySatisfy(m -> assertThat(secretFile).startsWith(m + "/"));
        }
    }

    @Test
    void everyFlinkSettingIsARealFlinkOption() throws Exception {
        Set<String> known = flinkOptionKeys();
        Set<String> unknown = new TreeSet<>();
        Set<String> pluginOptionsUsed = new HashSet<>();
        deployment()
                .path("spec")
                .path("flinkConfiguration")
                .fieldNames()
                .forEachRemaining(
                        key -> {
                            if (PLUGIN_OPTIONS.containsKey(key)) {
                                pluginOptionsUsed.add(key);
                            } else if (!known.contains(key) && !isReporterOption(key, known)) {
                                unknown.add(key);
                            }
                        });

        assertThat(known).as("options found on the classpath").hasSizeGreaterThan(500);
        String reporter =
                deployment()
                        .path("spec")
                        .path("flinkConfiguration")
                        .path("metrics.reporter.prom.factory.class")
                        .asText();
        assertThat(Class.forName(reporter)).as("the reporter's factory").isNotNull();
        assertThat(unknown).as("keys that are no Flink 2.2 option").isEmpty();
        assertThat(pluginOptionsUsed)
                .as("declared plugin options still in use")
                .isEqualTo(PLUGIN_OPTIONS.keySet());
    }

    @Test
    void everyTopicOfTheJobHasAKafkaTopicWithTheRightRetention() throws Exception {
        JobSettings.Topics topics = jobSettings().topics();
        Map<String, JsonNode> byName = new java.util.HashMap<>();
        ofKind("KafkaTopic").forEach(t -> byName.put(t.path("metadata").path("name").asText(), t));

        assertThat(byName).containsOnlyKeys(topicsOfTheJob(topics));
        for (Output.Topic topic : Outputs.topics()) {
            if (topic.compacted()) {
                assertThat(config(byName.get(topic.in(topics)), "cleanup.policy"))
                        .as(topic.in(topics))
                        .isEqualTo("compact");
            }
        }
        assertThat(Long.parseLong(config(byName.get(topics.deadLetters()), "retention.ms")))
                .as("dead letters kept at least 30 days")
                .isGreaterThanOrEqualTo(30L * 24 * 3600 * 1000);
        assertThat(byName.get(topics.control()).path("spec").path("partitions").asInt())
                .as("one partition keeps the order of published configurations")
                .isEqualTo(1);
        assertThat(byName.values())
                .allSatisfy(
                        t -> {
                            assertThat(
                                            t.path("metadata")
                                                    .path("labels")
                                                    .path("strimzi.io/cluster")
                                                    .asText())
                                    .isEqualTo("nudge-kafka");
                            assertThat(t.path("spec").path("replicas").asInt()).isEqualTo(3);
                        });
    }

    @Test
    void onlyTheOperatorsWriteTheControlTopicTheJobReadsAndWritesItsOwnSendersReadActions()
            throws Exception {
        JobSettings settings = jobSettings();
        JobSettings.Topics topics = settings.topics();

        assertThat(usersAllowed("Write", topics.control())).containsExactly("nudge-operators");
        assertThat(usersAllowed("Read", topics.control())).containsExactly("nudge-job");
        assertThat(usersAllowed("Read", topics.events())).containsExactly("nudge-job");
        assertThat(usersAllowed("Read", topics.actions())).containsExactly("nudge-senders");
        for (Output.Topic topic : Outputs.topics()) {
            String output = topic.in(topics);
            assertThat(usersAllowed("Write", output)).as(output).containsExactly("nudge-job");
        }
        JsonNode transactions =
                acls("nudge-job").stream()
                        .filter(
                                a ->
                                        a.path("resource")
                                                .path("type")
                                                .asText()
                                                .equals("transactionalId"))
                        .findFirst()
                        .orElseThrow();
        assertThat(transactions.path("resource").path("name").asText())
                .isEqualTo(settings.kafka().transactionalIdPrefix());
        assertThat(transactions.path("resource").path("patternType").asText()).isEqualTo("prefix");
        assertThat(settings.kafka().security().username()).isEqualTo("nudge-job");
    }

    @Test
    void prometheusScrapesTheReporterPortAndTheAlertsCoverWhatNeedsAPerson() {
        String port =
                deployment()
                        .path("spec")
                        .path("flinkConfiguration")
                        .path("metrics.reporter.prom.port")
                        .asText();
        JsonNode containerPort = container().path("ports").findParents("containerPort").get(0);
        JsonNode endpoint =
                ofKind("PodMonitor").get(0).path("spec").path("podMetricsEndpoints").get(0);

        assertThat(containerPort.path("containerPort").asText()).isEqualTo(port);
        assertThat(endpoint.path("port").asText()).isEqualTo(containerPort.path("name").asText());
        assertThat(
                        ofKind("PodMonitor")
                                .get(0)
                                .path("spec")
                                .path("selector")
                                .path("matchLabels")
                                .path("app")
                                .asText())
                .isEqualTo(
                        deployment()
                                .path("spec")
                                .path("podTemplate")
                                .path("metadata")
                                .path("labels")
                                .path("app")
                                .asText());
        assertThat(
                        ofKind("PrometheusRule")
                                .get(0)
                                .path("spec")
                                .path("groups")
                                .get(0)
                                .path("rules")
                                .findValuesAsText("alert"))
                .containsExactlyInAnyOrder(
                        "NudgeJobRestarting",
                        "NudgeCheckpointsFailing",
                        "NudgeDeadLetterRate",
                        "NudgeConsumerLag");
    }

    // ---------------------------------------------------------------------------------------

    /** Every key (and fallback key) of the ConfigOptions declared by Flink's option classes. */
    private static Set<String> flinkOptionKeys() throws Exception {
        Set<String> keys = new HashSet<>();
        for (String entry :
                System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (!name.startsWith("flink-") || !name.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                Enumeration<JarEntry> entries = jar.entries();
                while (entries.hasMoreElements()) {
                    String file = entries.nextElement().getName();
                    if (file.startsWith("org/apache/flink/")
                            && file.endsWith("Options.class")
                            && !file.contains("$")) {
                        collectKeys(file.replace('/', '.').replace(".class", ""), keys);
                    }
                }
            }
        }
        return keys;
    }

    private static void collectKeys(String className, Set<String> keys) {
        Field[] fields;
        try {
            fields =
                    Class.forName(className, false, ManifestsTest.class.getClassLoader())
                            .getDeclaredFields();
        } catch (ClassNotFoundException | LinkageError e) {
            // Needs a library the job does not bring: it declares nothing the job uses.
            return;
        }
        for (Field field : fields) {
            if (Modifier.isStatic(field.getModifiers())
                    && ConfigOption.class.isAssignableFrom(field.getType())) {
                try {
                    field.setAccessible(true);
                    ConfigOption<?> option = (ConfigOption<?>) field.get(null);
                    keys.add(option.key());
                    for (FallbackKey fallback : option.fallbackKeys()) {
                        keys.add(fallback.getKey());
                    }
                } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                    // A class that cannot initialise here declares nothing the job uses.
                }
            }
        }
    }

    /** {@code metrics.reporter.<name>.<option>}, where the option is a reporter option. */
    private static boolean isReporterOption(String key, Set<String> known) {
        String prefix = "metrics.reporter.";
        if (!key.startsWith(prefix)) {
            return false;
        }
        String rest = key.substring(prefix.length());
        int dot = rest.indexOf('.');
        return dot > 0 && known.contains(rest.substring(dot + 1));
    }

    private static JobSettings jobSettings() throws Exception {
        return JobSettingsReader.read(
                ofKind("ConfigMap").get(0).path("data").path("job.yaml").asText(), "job.yaml");
    }

    /**
     * What the job reads, {@code user-events} and {@code marketing-control}, and what it writes.
     */
    private static List<String> topicsOfTheJob(JobSettings.Topics topics) {
        List<String> names = new ArrayList<>(List.of(topics.events(), topics.control()));
        Outputs.topics().forEach(topic -> names.add(topic.in(topics)));
        return names;
    }

    private static List<String> usersAllowed(String operation, String topic) {
        List<String> users = new ArrayList<>();
        for (JsonNode user : ofKind("KafkaUser")) {
            String name = user.path("metadata").path("name").asText();
            for (JsonNode acl : acls(name)) {
                JsonNode resource = acl.path("resource");
                if (resource.path("type").asText().equals("topic")
                        && resource.path("name").asText().equals(topic)
                        && strings(acl.path("operations")).contains(operation)) {
                    users.add(name);
                }
            }
        }
        return users;
    }

    private static List<JsonNode> acls(String user) {
        List<JsonNode> acls = new ArrayList<>();
        ofKind("KafkaUser").stream()
                .filter(u -> u.path("metadata").path("name").asText().equals(user))
                .forEach(u -> u.path("spec").path("authorization").path("acls").forEach(acls::add));
        return acls;
    }

    private static String config(JsonNode topic, String key) {
        return topic.path("spec").path("config").path(key).asText();
    }

    private static JsonNode deployment() {
        return ofKind("FlinkDeployment").get(0);
    }

    private static JsonNode container() {
        return deployment().path("spec").path("podTemplate").path("spec").path("containers").get(0);
    }

    /** Where the pod template mounts the ConfigMap nudge-config. */
    private static String configMount() {
        JsonNode spec = deployment().path("spec").path("podTemplate").path("spec");
        String volume = null;
        for (JsonNode v : spec.path("volumes")) {
            if (v.path("configMap").path("name").asText().equals("nudge-config")) {
                volume = v.path("name").asText();
            }
        }
        for (JsonNode mount : container().path("volumeMounts")) {
            if (mount.path("name").asText().equals(volume)) {
                return mount.path("mountPath").asText();
            }
        }
        throw new AssertionError("the ConfigMap nudge-config is not mounted");
    }

    private static List<JsonNode> ofKind(String kind) {
        return manifests.stream().filter(m -> m.path("kind").asText().equals(kind)).toList();
    }

    private static Set<String> kinds() {
        Set<String> kinds = new HashSet<>();
        manifests.forEach(m -> kinds.add(m.path("kind").asText()));
        return kinds;
    }

    private static List<String> strings(JsonNode array) {
        List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
