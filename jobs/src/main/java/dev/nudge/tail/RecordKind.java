package dev.nudge.tail;

import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What the records of a tailed topic are, which decides how a record is shown: the job's output
 * topics by the short names {@code tail} takes, and {@link #OTHER} for a topic that is none of
 * them, whose values are shown as they are.
 */
public enum RecordKind {
    ACTIONS("actions", Outputs.ACTIONS),
    DECISIONS("decisions", Outputs.DECISIONS),
    CONVERSIONS("conversions", Outputs.CONVERSIONS),
    ENGAGEMENT("engagement", Outputs.ENGAGEMENT),
    PROFILES("profiles", Outputs.PROFILES),
    DEAD_LETTERS("dead-letters", Outputs.DEAD_LETTERS),
    ACKS("acks", Outputs.CONTROL_ACKS),
    OTHER(null, null);

    private final String shortName;
    private final Output<?> output;

    RecordKind(String shortName, Output<?> output) {
        this.shortName = shortName;
        this.output = output;
    }

    /** The name {@code tail} takes for the topic, e.g. {@code dead-letters}; null for OTHER. */
    public String shortName() {
        return shortName;
    }

    /** The job's topic, as {@code job.yaml} names it; empty for OTHER. */
    public Optional<Output.Topic> topic() {
        return output == null ? Optional.empty() : output.topic();
    }

    /** The kinds of the job's topics, in the order {@code tail --help} lists their short names. */
    public static List<RecordKind> ofTheJob() {
        return Arrays.stream(values()).filter(kind -> kind != OTHER).toList();
    }

    /** The short names, for messages: {@code actions, decisions, ...}. */
    public static String shortNames() {
        return String.join(", ", ofTheJob().stream().map(RecordKind::shortName).toList());
    }
}
