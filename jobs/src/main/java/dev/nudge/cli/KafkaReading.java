package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.connect.KafkaClientConfig;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Properties;
import picocli.CommandLine.Option;

/**
 * The options of a command that reads the job's topics ({@code report}, {@code tail}): which
 * job.yaml names the topics and the Kafka settings, and the bootstrap servers and client properties
 * that override them. One picocli mixin, so that the commands take them alike.
 */
final class KafkaReading {
    @Option(
            names = "--job",
            paramLabel = "FILE",
            description = "job.yaml: Kafka bootstrap servers, security, topics (default: built in)")
    Path job;

    @Option(
            names = "--bootstrap",
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers, instead of those of --job")
    String bootstrap;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description =
                    "more Kafka client properties, e.g. security.protocol and sasl.jaas.config")
    Path clientConfig;

    /** The job's settings: those of {@code --job}, or the built-in ones. */
    JobSettings settings() throws ConfigException, IOException {
        return job == null ? Defaults.jobSettings() : JobSettingsReader.read(job);
    }

    /**
     * A consumer's properties for {@code settings}' Kafka, with {@code --command-config} added and
     * {@code --bootstrap} in place of the servers of {@code --job}.
     *
     * @throws IOException when {@code --command-config} cannot be read
     */
    Properties consumer(JobSettings settings) throws IOException {
        Properties client =
                CommandConfig.addTo(KafkaClientConfig.consumer(settings.kafka()), clientConfig);
        if (bootstrap != null) {
            client.put("bootstrap.servers", bootstrap);
        }
        return client;
    }
}
