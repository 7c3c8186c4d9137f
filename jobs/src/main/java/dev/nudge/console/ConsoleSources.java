package dev.nudge.console;

import dev.nudge.backtest.HistoryFormat;
import dev.nudge.job.JobSettings;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;

/**
 * What the console reads and writes, as its command line gave it.
 *
 * @param job the job's settings, as its job.yaml gives them: the topics, and the limits a backtest
 *     of an edited document runs with
 * @param consumer Kafka client properties for reading (the console adds {@code read_committed})
 * @param producer Kafka client properties for publishing: the operators' principal, from {@code
 *     --command-config}; nothing else is ever written
 * @param flink Flink's REST address, for the job's health; empty when not given
 * @param history a history file the page may backtest edited documents on
 * @param started the patterns document the job was started with, in force until one is applied
 *     live; empty when not given (then only documents applied live are known)
 * @param changedBy who publishes from this console, in every document's {@code changedBy}
 */
public record ConsoleSources(
        JobSettings job,
        Properties consumer,
        Properties producer,
        Optional<URI> flink,
        Optional<History> history,
        Optional<Document> started,
        String changedBy) {
    /** The job's topics. */
    public JobSettings.Topics topics() {
        return job.topics();
    }

    /** A history file and how to read it; the format is guessed from the file when empty. */
    public record History(Path file, Optional<HistoryFormat> format) {}

    /** A patterns document and where it came from (a file's name). */
    public record Document(String text, String source) {}
}
