package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nudge.control.ControlAck;
import dev.nudge.profile.ProfileUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;

/** Tests for {@link Outputs}: what each output declares agrees with the job's settings. */
class OutputsTest {
    private static final String KAFKA = "kafka: {bootstrapServers: \"localhost:9092\"}\n";

    @Test
    void everyTopicIsNamedByItsKeyInJobYamlAndDefaultsToItsDefaultName() throws Exception {
        JobSettings defaults = JobSettingsReader.read(KAFKA, "job.yaml");

        assertThat(topics()).isNotEmpty();
        for (Output.Topic topic : topics()) {
            JobSettings renamed =
                    JobSettingsReader.read(
                            KAFKA + "topics: {" + topic.key() + ": renamed-topic}\n", "job.yaml");

            assertThat(topic.in(defaults.topics())).as(topic.key()).isEqualTo(topic.defaultName());
            assertThat(topic.in(renamed.topics())).as(topic.key()).isEqualTo("renamed-topic");
        }
    }

    @Test
    void theShippedJobYamlNamesEveryTopicTheJobWrites() throws Exception {
        JsonNode shipped =
                new ObjectMapper(new YAMLFactory())
                        .readTree(Path.of("..", "config", "job.yaml").toFile())
                        .path("topics");

        for (Output.Topic topic : topics()) {
            assertThat(shipped.path(topic.key()).asText())
                    .as("topics.%s in config/job.yaml", topic.key())
                    .isEqualTo(topic.defaultName());
        }
    }

    @Test
    void outputsTopicsAndFilesAreEachTheirOwn() {
        List<String> tags = Outputs.ALL.stream().map(o -> o.tag().getId()).toList();
        List<String> files = Outputs.ALL.stream().flatMap(o -> o.file().stream()).toList();

        assertThat(tags).doesNotHaveDuplicates();
        assertThat(topics().stream().map(Output.Topic::key)).doesNotHaveDuplicates();
        assertThat(topics().stream().map(Output.Topic::defaultName)).doesNotHaveDuplicates();
        assertThat(files).doesNotHaveDuplicates().allSatisfy(f -> assertThat(f).endsWith(".jsonl"));
    }

    @Test
    void everyOutputGoesSomewhere() {
        assertThat(Outputs.ALL)
                .allSatisfy(
                        o -> assertThat(o.topic().isPresent() || o.file().isPresent()).isTrue());
    }

    @Test
    void anOutputTravelsToTheTaskManagersAndStillWritesItsRecords() throws Exception {
        ProfileUpdate profile = new ProfileUpdate("u1", 0L, "{}".getBytes(StandardCharsets.UTF_8));
        ControlAck unversioned =
                new ControlAck(
                        null,
                        ControlAck.Status.REJECTED,
                        List.of(),
                        List.of("version: missing"),
                        "rejected",
                        "v1",
                        "maria",
                        0L,
                        0L);

        Output<ProfileUpdate> profiles = InstantiationUtil.clone(Outputs.PROFILES);
        Output<ControlAck> acks = InstantiationUtil.clone(Outputs.CONTROL_ACKS);

        assertThat(profiles.key(profile)).asString(StandardCharsets.UTF_8).isEqualTo("u1");
        assertThat(profiles.json(profile)).isEqualTo(profile.snapshot());
        assertThat(profiles.topic().map(Output.Topic::compacted)).contains(true);
        assertThat(acks.key(unversioned)).as("no version, no key").isNull();
    }

    private static List<Output.Topic> topics() {
        return Outputs.topics();
    }
}
