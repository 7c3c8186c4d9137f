package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.connect.KafkaClientConfig;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.connect.RecordBounds;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import dev.nudge.job.NudgeJob;
import dev.nudge.validate.PatternsValidator;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code run}: the production job against Kafka, in the Flink environment the jar is started in (a
 * session or application cluster). Cluster settings (state backend, checkpointing, restart
 * strategy) come from Flink's configuration.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Runs the production job against Kafka in the current Flink environment.",
            "Needs checkpointing (execution.checkpointing.interval) for exactly-once output."
        })
final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--job", required = true, description = "job.yaml: Kafka, topics, time")
    Path job;

    @Option(
            names = "--patterns",
            required = true,
            description = "patterns.yaml: the marketing configuration")
    Path patterns;

    @Override
    public Integer call() throws Exception {
        JobSettings settings;
        String document;
        try {
            settings = JobSettingsReader.read(job);
            document = ValidateCommand.readText(patterns);
            PatternsValidator.validated(document, patterns.toString());
            RecordBounds.check(settings, KafkaClientConfig.producer(settings.kafka()));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        if (!env.getCheckpointConfig().isCheckpointingEnabled()) {
            throw new IllegalStateException(
                    "checkpointing is off, so the exactly-once Kafka sink would never commit:"
                            + " set execution.checkpointing.interval (e.g. 30s) in Flink's"
                            + " configuration");
        }
        LOG.info(
                "Starting Nudge on {} with patterns {} from {}",
                settings.kafka().bootstrapServers(),
                patterns,
                job);
        new NudgeJob(
                        settings,
                        document,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .withControl(KafkaConnectors.control(settings))
                .build(env);
        env.execute(NudgeJob.NAME);
        return 0;
    }
}
