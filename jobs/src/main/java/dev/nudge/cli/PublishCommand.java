package dev.nudge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.ConfigLimits;
import dev.nudge.config.Durations;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Shown;
import dev.nudge.connect.ControlPublisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code publish --patterns FILE --bootstrap HOST:PORT}: the operators' way to change the running
 * job (SPEC §3.6, §6). Checks the document here first, publishes it on {@code marketing-control},
 * then waits for the job's answer on {@code marketing-control-acks} and prints it.
 */
@Command(
        name = "publish",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Publishes a pattern configuration to the running job and prints the job's answer.",
            "Exit 0 when the job APPLIED it; 2 when it NEEDS_RESTART; 1 when it is invalid (here or"
                    + " in the job), IGNORED as not newer, or no answer came in time.",
            "The answer is written with the job's exactly-once outputs: it appears when the job"
                    + " completes its next checkpoint."
        })
final class PublishCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--patterns",
            required = true,
            paramLabel = "FILE",
            description = "the patterns.yaml to publish; it is validated first")
    Path patterns;

    @Option(
            names = "--bootstrap",
            required = true,
            paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers of the cluster the job reads")
    String bootstrap;

    @Option(
            names = "--topic",
            defaultValue = "marketing-control",
            description = "the control topic (default: ${DEFAULT-VALUE})")
    String topic;

    @Option(
            names = "--acks-topic",
            defaultValue = "marketing-control-acks",
            description = "where the job answers (default: ${DEFAULT-VALUE})")
    String acksTopic;

    @Option(
            names = "--changed-by",
            defaultValue = "${sys:user.name}",
            description = "who publishes, in the job's log and answer (default: ${DEFAULT-VALUE})")
    String changedBy;

    @Option(
            names = "--timeout",
            defaultValue = "2m",
            description = "how long to wait for the answer (default: ${DEFAULT-VALUE})")
    String timeout;

    @Option(
            names = "--command-config",
            paramLabel = "FILE",
            description = "Kafka client properties, e.g. security.protocol and sasl.jaas.config")
    Path clientConfig;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        Duration wait = Durations.parseOrNull(timeout);
        if (wait == null) {
            out.printf("--timeout: \"%s\" is not %s%n", timeout, Durations.EXPECTED);
            return 1;
        }
        if (!ConfigLimits.CHANGED_BY.accepts(changedBy)) {
            out.printf(
                    "--changed-by: \"%s\" is not %s%n",
                    Shown.abbreviated(changedBy, 80), ConfigLimits.CHANGED_BY.describe());
            return 1;
        }
        ValidateCommand.ValidFile valid = ValidateCommand.readValid(patterns, out);
        if (valid == null) {
            out.println("Nothing published.");
            return 1;
        }
        PatternsConfig config = valid.config();
        Properties client = clientProperties();
        try {
            return publishAndAwait(config, valid, client, wait, out);
        } catch (KafkaException | IOException e) {
            // An unreachable broker, a missing permission, an answer that is not JSON: one line.
            out.printf(
                    "Kafka at %s: %s%n",
                    bootstrap, Shown.clipped(String.valueOf(e.getMessage()), 300));
            return 1;
        }
    }

    private int publishAndAwait(
            PatternsConfig config,
            ValidateCommand.ValidFile valid,
            Properties client,
            Duration wait,
            PrintWriter out)
            throws IOException {
        ControlPublisher publisher = new ControlPublisher(client, topic, acksTopic);
        ControlPublisher.Outcome outcome =
                publisher.publishAndAwait(
                        config.version(),
                        valid.document(),
                        changedBy,
                        wait,
                        published -> {
                            out.printf(
                                    "Published version %s to %s-%d@%d as %s; waiting up to %s for"
                                            + " the job's answer%n",
                                    config.version(),
                                    published.topic(),
                                    published.partition(),
                                    published.offset(),
                                    changedBy,
                                    Durations.format(wait));
                            out.flush();
                        });
        switch (outcome.ending()) {
            case NO_ACKS_TOPIC -> {
                out.printf(
                        "No topic %s at %s: nothing published (is --acks-topic right?)%n",
                        acksTopic, bootstrap);
                return 1;
            }
            case NO_ANSWER -> {
                out.printf(
                        "No answer within %s: is the job running, and reading %s?%n",
                        Durations.format(wait), topic);
                return 1;
            }
            default -> {
                JsonNode ack = outcome.answer();
                print(ack, out);
                return switch (ack.path("status").asText()) {
                    case "APPLIED" -> 0;
                    case "NEEDS_RESTART" -> 2;
                    default -> 1;
                };
            }
        }
    }

    private Properties clientProperties() throws IOException {
        Properties client = CommandConfig.addTo(new Properties(), clientConfig);
        client.put("bootstrap.servers", bootstrap);
        return client;
    }

    private static void print(JsonNode ack, PrintWriter out) {
        out.printf(
                "%s: version %s - %s%n",
                ack.path("status").asText(),
                ack.path("version").asText(),
                ack.path("message").asText());
        printList("changes", ack.path("changes"), out);
        printList("errors", ack.path("errors"), out);
        out.printf(
                "In force: version %s (decided %s, published %s)%n",
                ack.path("liveVersion").asText(),
                ack.path("decidedAt").asText(),
                ack.path("publishedAt").asText());
    }

    private static void printList(String title, JsonNode items, PrintWriter out) {
        if (items.isEmpty()) {
            return;
        }
        out.println(title + ":");
        items.forEach(item -> out.println("  " + item.asText()));
    }
}
