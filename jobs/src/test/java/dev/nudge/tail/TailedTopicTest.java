package dev.nudge.tail;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigException;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import org.junit.jupiter.api.Test;

/** Tests for which topic {@code tail} reads for the name it is given, and what its records are. */
class TailedTopicTest {
    private static final JobSettings.Topics SHIPPED = topics("");
    private static final JobSettings.Topics RENAMED =
            topics("topics: {actions: prod.actions, deadLetters: prod.rejected}\n");

    @Test
    void withoutANameItReadsTheActionsTheSendersRead() {
        assertThat(TailedTopic.of(null, SHIPPED))
                .isEqualTo(
                        new TailedTopic("marketing-actions", RecordKind.ACTIONS, "topics.actions"));
    }

    @Test
    void eachShortNameIsTheJobsTopic() {
        assertThat(TailedTopic.of("decisions", SHIPPED).name()).isEqualTo("marketing-decisions");
        assertThat(TailedTopic.of("conversions", SHIPPED).name())
                .isEqualTo("marketing-conversions");
        assertThat(TailedTopic.of("engagement", SHIPPED).name()).isEqualTo("marketing-engagement");
        assertThat(TailedTopic.of("profiles", SHIPPED).name()).isEqualTo("user-profiles");
        assertThat(TailedTopic.of("dead-letters", SHIPPED))
                .isEqualTo(
                        new TailedTopic(
                                "user-events-dlq", RecordKind.DEAD_LETTERS, "topics.deadLetters"));
        assertThat(TailedTopic.of("acks", SHIPPED))
                .isEqualTo(
                        new TailedTopic(
                                "marketing-control-acks", RecordKind.ACKS, "topics.controlAcks"));
    }

    @Test
    void aShortNameIsTheTopicAsJobYamlNamesIt() {
        assertThat(TailedTopic.of("actions", RENAMED).name()).isEqualTo("prod.actions");
        assertThat(TailedTopic.of("dead-letters", RENAMED).name()).isEqualTo("prod.rejected");
    }

    @Test
    void aFullNameIsReadAsItIsWithTheKindOfTheTopicItNames() {
        assertThat(TailedTopic.of("prod.actions", RENAMED))
                .isEqualTo(new TailedTopic("prod.actions", RecordKind.ACTIONS, "topics.actions"));
        assertThat(TailedTopic.of("marketing-decisions", SHIPPED).kind())
                .isEqualTo(RecordKind.DECISIONS);
    }

    @Test
    void aFullNameEndingInAStandardNameHasItsKindWithoutJobYaml() {
        assertThat(TailedTopic.of("eu.marketing-conversions", SHIPPED))
                .isEqualTo(
                        new TailedTopic("eu.marketing-conversions", RecordKind.CONVERSIONS, null));
        assertThat(TailedTopic.of("staging_user-events-dlq", SHIPPED).kind())
                .isEqualTo(RecordKind.DEAD_LETTERS);
        assertThat(TailedTopic.of("notmarketing-actions", SHIPPED).kind())
                .isEqualTo(RecordKind.OTHER);
    }

    @Test
    void anyOtherNameIsATopicOfUnknownRecords() {
        assertThat(TailedTopic.of("user-events", SHIPPED))
                .isEqualTo(new TailedTopic("user-events", RecordKind.OTHER, null));
        assertThat(TailedTopic.of("actons", SHIPPED).kind()).isEqualTo(RecordKind.OTHER);
    }

    private static JobSettings.Topics topics(String yaml) {
        try {
            return JobSettingsReader.read(
                            "kafka: {bootstrapServers: \"localhost:9092\"}\n" + yaml, "job.yaml")
                    .topics();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }
}
