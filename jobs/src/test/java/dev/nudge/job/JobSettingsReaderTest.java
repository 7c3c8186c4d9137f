package dev.nudge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.nudge.config.ConfigError;
import dev.nudge.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Tests for {@link JobSettingsReader}. */
class JobSettingsReaderTest {

    @Test
    void theShippedJobYamlIsValid() throws Exception {
        JobSettings settings = JobSettingsReader.read(Path.of("../config/job.yaml"));

        assertThat(settings.kafka().bootstrapServers()).isEqualTo("localhost:9092");
        assertThat(settings.kafka().transactionTimeout()).isEqualTo(Duration.ofMinutes(15));
        assertThat(settings.kafka().security()).isEqualTo(KafkaSecurity.PLAINTEXT);
        assertThat(settings.topics().deadLetters()).isEqualTo("user-events-dlq");
        assertThat(settings.watermarks().maxOutOfOrderness()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.journey().dedupHorizon()).isEqualTo(Duration.ofHours(1));
        assertThat(settings.journey().clockLimit()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void readsSaslOverTlsWithSecretsByReference() throws Exception {
        JobSettings settings =
                JobSettingsReader.read(
                        """
                        kafka:
                          bootstrapServers: kafka-0.kafka:9093,kafka-1.kafka:9093
                          security:
                            protocol: SASL_SSL
                            sasl: {mechanism: SCRAM-SHA-512, username: nudge-job, password: {file: /etc/nudge/kafka/password}}
                            tls:
                              truststore: {path: /etc/nudge/tls/ca.p12, password: {env: TRUSTSTORE_PASSWORD}}
                          properties: {client.dns.lookup: use_all_dns_ips}
                        """,
                        "job.yaml");

        KafkaSecurity security = settings.kafka().security();
        assertThat(security.usesSasl()).isTrue();
        assertThat(security.usesTls()).isTrue();
        assertThat(security.password())
                .isEqualTo(new KafkaSecurity.Secret("/etc/nudge/kafka/password", null));
        assertThat(security.truststore().type()).isEqualTo("PKCS12");
        assertThat(settings.kafka().properties())
                .containsEntry("client.dns.lookup", "use_all_dns_ips");
    }

    @Test
    void reportsEveryErrorWithTheFieldAndTheFix() {
        assertThatThrownBy(
                        () ->
                                JobSettingsReader.read(
                                        """
                                        kafka:
                                          bootstrapServers: "not a server list"
                                          transactionTimeout: 20m
                                          security:
                                            protocol: SASL_SSL
                                            sasl: {username: nudge, password: hunter2}
                                          properties: {isolation.level: read_uncommitted}
                                        watermark: {maxOutOfOrderness: 5s}
                                        journey: {maxPendingEvents: 0}
                                        """,
                                        "job.yaml"))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e ->
                                assertThat(e.errors())
                                        .extracting(ConfigError::path)
                                        .containsExactlyInAnyOrder(
                                                "kafka.bootstrapServers",
                                                "kafka.transactionTimeout",
                                                "kafka.security.sasl.password",
                                                "kafka.properties.isolation.level",
                                                "watermark",
                                                "journey.maxPendingEvents"))
                .hasMessageContaining("never the secret itself")
                .hasMessageContaining("did you mean \"watermarks\"")
                .hasMessageContaining("at most")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunter2"));
    }

    @Test
    void aMissingBootstrapServerListIsAnError() {
        assertThatThrownBy(
                        () -> JobSettingsReader.read("topics: {events: my-events}\n", "job.yaml"))
                .hasMessageContaining("kafka.bootstrapServers: missing");
    }
}
