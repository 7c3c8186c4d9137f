package dev.nudge.console;

import java.time.Instant;
import java.util.Optional;

/**
 * The configuration the job runs, as far as the console knows it: the newest version the job
 * answered APPLIED on the acks topic, with the document published under it on the control topic;
 * until one is applied live, the document the job was started with.
 *
 * @param version its version
 * @param changedBy who published it; empty for the document the job was started with
 * @param publishedAt when it was published; empty for the document the job was started with
 * @param decidedAt when the job applied it; empty for the document the job was started with
 * @param document its text, when the console has it
 * @param source where it came from, in words ({@code marketing-control}, a file's name)
 */
public record InForce(
        String version,
        Optional<String> changedBy,
        Optional<Instant> publishedAt,
        Optional<Instant> decidedAt,
        Optional<String> document,
        String source) {

    /** What knows the configuration in force; the live view keeps it up to date. */
    @FunctionalInterface
    public interface Tracker {
        Optional<InForce> current();
    }
}
