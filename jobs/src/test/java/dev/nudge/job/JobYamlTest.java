package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigNode;
import dev.nudge.config.SettingsTable;
import dev.nudge.journey.JourneySettings;
import dev.nudge.sequence.SequenceLimits;
import dev.nudge.testing.Readme;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link JobYaml}: every setting of {@code job.yaml} is declared once, and the reader and
 * the README follow the declarations.
 */
class JobYamlTest {

    @Test
    void theReadmesTableOfJobSettingsIsWrittenFromTheDeclarations() throws Exception {
        Readme.assertWritten(
                "JobYaml", SettingsTable.of(JobYaml.DECLARED.all(), false), "JobYamlTest");
    }

    @Test
    void aJobYamlThatWritesOnlyTheBrokersTakesEveryDeclaredDefault() throws Exception {
        JobSettings settings =
                JobSettingsReader.read("kafka: {bootstrapServers: \"kafka:9092\"}\n", "defaults");

        assertThat(settings.kafka())
                .isEqualTo(
                        new JobSettings.Kafka(
                                "kafka:9092",
                                JobYaml.GROUP_ID.defaultValue(),
                                JobYaml.STARTING_OFFSETS.defaultValue(),
                                JobYaml.TRANSACTIONAL_ID_PREFIX.defaultValue(),
                                JobYaml.TRANSACTION_TIMEOUT.defaultValue(),
                                KafkaSecurity.PLAINTEXT,
                                JobYaml.PROPERTIES.defaultValue()));
        assertThat(settings.topics().events()).isEqualTo(JobYaml.EVENTS_TOPIC.defaultValue());
        assertThat(settings.topics().controlAcks())
                .isEqualTo(JobYaml.CONTROL_ACKS_TOPIC.defaultValue());
        assertThat(settings.events().maxBytes()).isEqualTo(JobYaml.MAX_BYTES.defaultValue());
        assertThat(settings.watermarks().idleness()).isEqualTo(JobYaml.IDLENESS.defaultValue());
    }

    @Test
    void theJourneysAndTheSequencesDefaultsAreThoseOfAnEmptyBlock() {
        assertThat(JourneySettings.defaults())
                .as("JourneySettings.defaults(), which backtests and tests use")
                .isEqualTo(JobSettingsReader.journey(ConfigNode.absent("journey")));
        assertThat(SequenceLimits.DEFAULTS)
                .isEqualTo(JobSettingsReader.sequences(ConfigNode.absent("sequences")));
    }
}
