package dev.nudge.job;

/**
 * Where the job's results go: Kafka in production, files in a backtest, collections in tests. The
 * topology is the same in every case.
 */
@FunctionalInterface
public interface JobOutputs {

    /** Attaches sinks to the job's output streams. */
    void attach(NudgeStreams streams);
}
