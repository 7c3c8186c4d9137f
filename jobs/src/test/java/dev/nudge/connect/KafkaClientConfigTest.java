package dev.nudge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import java.util.Properties;
import org.apache.kafka.common.config.ConfigTransformer;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link KafkaClientConfig}. */
class KafkaClientConfigTest {

    @Test
    void consumersReadOnlyCommittedRecordsAndProducersUseTheTransactionTimeout() throws Exception {
        JobSettings settings =
                JobSettingsReader.read(
                        "kafka: {bootstrapServers: \"k:9092\", transactionTimeout: 10m}\n",
                        "job.yaml");

        assertThat(KafkaClientConfig.consumer(settings.kafka()))
                .containsEntry("isolation.level", "read_committed")
                .containsEntry("enable.auto.commit", "false")
                .containsEntry("bootstrap.servers", "k:9092");
        assertThat(KafkaClientConfig.producer(settings.kafka()))
                .containsEntry("transaction.timeout.ms", "600000")
                .containsEntry("enable.idempotence", "true");
    }

    @Test
    void secretsAreReferencesThatTheKafkaClientResolves(@TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Files.writeString(dir.resolve("password"), "s3cret");
        JobSettings settings =
                JobSettingsReader.read(
                        """
                        kafka:
                          bootstrapServers: "k:9093"
                          security:
                            protocol: SASL_SSL
                            sasl: {mechanism: SCRAM-SHA-256, username: nudge, password: {file: %s}}
                            tls: {truststore: {path: /tls/ca.p12, password: {env: TS_PASSWORD}}}
                        """
                                .formatted(dir.resolve("password")),
                        "job.yaml");

        Properties props = KafkaClientConfig.common(settings.kafka());

        assertThat(props.toString()).doesNotContain("s3cret");
        assertThat(props.getProperty("ssl.truststore.password")).isEqualTo("${env:TS_PASSWORD}");
        String jaas = props.getProperty("sasl.jaas.config");
        assertThat(jaas)
                .startsWith("org.apache.kafka.common.security.scram.ScramLoginModule required");
        DirectoryConfigProvider provider = new DirectoryConfigProvider();
        provider.configure(java.util.Map.of());
        String resolved =
                new ConfigTransformer(java.util.Map.of("dir", provider))
                        .transform(java.util.Map.of("sasl.jaas.config", jaas))
                        .data()
                        .get("sasl.jaas.config");
        assertThat(resolved).contains("username=\"nudge\" password=\"s3cret\"");
    }
}
