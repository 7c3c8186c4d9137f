package dev.nudge.connect;

import dev.nudge.job.JobSettings;
import dev.nudge.job.KafkaSecurity;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The Kafka client properties of the job, from {@code job.yaml}. Secrets become Kafka config
 * provider references ({@code ${dir:...}}, {@code ${env:...}}), so that they are resolved by the
 * client where it runs and never travel inside the job graph.
 */
public final class KafkaClientConfig {
    private KafkaClientConfig() {}

    /** Properties every client of the job shares: security and the operator's extra settings. */
    public static Properties common(JobSettings.Kafka kafka) {
        Properties props = new Properties();
        props.putAll(kafka.properties());
        props.setProperty("bootstrap.servers", kafka.bootstrapServers());
        KafkaSecurity security = kafka.security();
        props.setProperty("security.protocol", security.protocol());
        props.setProperty("config.providers", "dir,env");
        props.setProperty(
                "config.providers.dir.class",
                "org.apache.kafka.common.config.provider.DirectoryConfigProvider");
        props.setProperty(
                "config.providers.env.class",
                "org.apache.kafka.common.config.provider.EnvVarConfigProvider");
        if (security.usesSasl()) {
            props.setProperty("sasl.mechanism", security.saslMechanism());
            String module =
                    security.saslMechanism().equals("PLAIN")
                            ? "org.apache.kafka.common.security.plain.PlainLoginModule"
                            : "org.apache.kafka.common.security.scram.ScramLoginModule";
            props.setProperty(
                    "sasl.jaas.config",
                    module
                            + " required username=\""
                            + security.username()
                            + "\" password=\""
                            + reference(security.password())
                            + "\";");
        }
        if (security.usesTls()) {
            store(props, "ssl.truststore", security.truststore());
            store(props, "ssl.keystore", security.keystore());
        }
        return props;
    }

    /** Consumer properties: only committed records, offsets kept by Flink's checkpoints. */
    public static Properties consumer(JobSettings.Kafka kafka) {
        Properties props = common(kafka);
        props.setProperty("isolation.level", "read_committed");
        props.setProperty("enable.auto.commit", "false");
        return props;
    }

    /** Producer properties for the exactly-once sink. */
    public static Properties producer(JobSettings.Kafka kafka) {
        Properties props = common(kafka);
        props.setProperty(
                "transaction.timeout.ms", Long.toString(kafka.transactionTimeout().toMillis()));
        props.setProperty("enable.idempotence", "true");
        props.setProperty("acks", "all");
        return props;
    }

    private static void store(Properties props, String prefix, KafkaSecurity.Store store) {
        if (store == null) {
            return;
        }
        props.setProperty(prefix + ".location", store.path());
        props.setProperty(prefix + ".type", store.type());
        if (store.password() != null) {
            props.setProperty(prefix + ".password", reference(store.password()));
        }
    }

    /** A config provider reference to the secret, resolved by the Kafka client. */
    static String reference(KafkaSecurity.Secret secret) {
        if (secret.env() != null) {
            return "${env:" + secret.env() + "}";
        }
        Path file = Path.of(secret.file()).toAbsolutePath();
        return "${dir:" + file.getParent() + ":" + file.getFileName() + "}";
    }
}
