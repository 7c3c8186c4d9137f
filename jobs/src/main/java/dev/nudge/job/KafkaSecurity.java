package dev.nudge.job;

import java.io.Serializable;

/**
 * How the job authenticates to Kafka (SPEC §7). Passwords are never written in the file: each is a
 * {@link Secret} that names a file or an environment variable, resolved by the Kafka client on the
 * machine that connects, so that no secret travels inside the job graph.
 *
 * @param protocol PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL
 * @param saslMechanism PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512, for the SASL protocols
 */
public record KafkaSecurity(
        String protocol,
        String saslMechanism,
        String username,
        Secret password,
        Store truststore,
        Store keystore)
        implements Serializable {

    public static final KafkaSecurity PLAINTEXT =
            new KafkaSecurity("PLAINTEXT", null, null, null, null, null);

    /** A secret value kept outside the repository: in a file, or in an environment variable. */
    public record Secret(String file, String env) implements Serializable {}

    /** A TLS key or trust store. */
    public record Store(String path, String type, Secret password) implements Serializable {}

    public boolean usesSasl() {
        return protocol.startsWith("SASL_");
    }

    public boolean usesTls() {
        return protocol.endsWith("SSL");
    }
}
