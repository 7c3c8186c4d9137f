package dev.nudge.connect;

import dev.nudge.event.DeadLetter;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;

/**
 * One record for Kafka, of whichever output: all outputs share one transactional sink, so that one
 * transaction per checkpoint covers actions, decisions, conversions, dead letters and profiles
 * together, and the answers to published configurations. A record is its key and JSON value under
 * the name of its output, whose topic {@link OutboundSerializer} knows; a dead letter stays itself,
 * since Kafka receives the original record it stands for.
 *
 * @param output the {@link Output#name} of the record's output
 */
public record Outbound(String output, byte[] key, byte[] value, DeadLetter deadLetter) {

    public static <T> Outbound of(Output<T> output, T record) {
        if (output.tag().equals(Outputs.DEAD_LETTERS.tag())) {
            return new Outbound(output.name(), null, null, (DeadLetter) record);
        }
        return new Outbound(output.name(), output.key(record), output.json(record), null);
    }
}
