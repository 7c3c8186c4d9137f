package dev.nudge.pattern;

import dev.nudge.config.PatternType;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Match} in a user's saved state: the journey's waiting matches, arbitration and held
 * actions.
 */
public final class MatchCodec {
    private static final int CATEGORY = 1;
    private static final int BRAND = 1 << 1;
    private static final int OFFER = 1 << 2;
    private static final int PREDICTED_DATE = 1 << 3;

    private MatchCodec() {}

    /**
     * One match, as the journey keeps it while it waits (for the watermark, an arbitration, a send
     * time).
     */
    public static void write(Match match, StateOutput out) {
        out.writeString(match.patternId());
        out.writeVarInt(match.type().code());
        out.writeString(match.userId());
        out.writeTime(match.triggeredAt());
        out.writeTime(match.anchorAt());
        writeStrings(match.evidence(), out);
        writeParams(match.params(), out);
        out.writeString(match.reason());
        Match.FlowStep flow = match.flow();
        out.writeBoolean(flow != null);
        if (flow != null) {
            out.writeString(flow.flowId());
            out.writeString(flow.step());
        }
    }

    public static Match read(StateInput in) throws IOException {
        String patternId = in.readString();
        int code = in.readVarInt();
        PatternType type = PatternType.byCode(code);
        if (type == null) {
            throw new IOException("a waiting match has pattern type code " + code);
        }
        String userId = in.readString();
        long triggeredAt = in.readTime();
        long anchorAt = in.readTime();
        List<String> evidence = readStrings(in);
        ActionParams params = readParams(in);
        String reason = in.readString();
        Match.FlowStep flow = null;
        if (in.format() >= Formats.FLOWS && in.readBoolean()) {
            flow = new Match.FlowStep(in.readString(), in.readString());
        }
        return new Match(
                patternId, type, userId, triggeredAt, anchorAt, evidence, params, reason, flow);
    }

    /** What a template needs of a moment: its items, then only the fields it has. */
    public static void writeParams(ActionParams params, StateOutput out) {
        writeStrings(params.items(), out);
        out.writeVarInt(
                (params.category() != null ? CATEGORY : 0)
                        | (params.brand() != null ? BRAND : 0)
                        | (params.offer() != null ? OFFER : 0)
                        | (params.predictedDate() != null ? PREDICTED_DATE : 0));
        writeIfPresent(params.category(), out);
        writeIfPresent(params.brand(), out);
        writeIfPresent(params.offer(), out);
        writeIfPresent(params.predictedDate(), out);
    }

    public static ActionParams readParams(StateInput in) throws IOException {
        List<String> items = readStrings(in);
        int present = in.readVarInt();
        return new ActionParams(
                items,
                (present & CATEGORY) != 0 ? in.readString() : null,
                (present & BRAND) != 0 ? in.readString() : null,
                (present & OFFER) != 0 ? in.readString() : null,
                (present & PREDICTED_DATE) != 0 ? in.readString() : null);
    }

    private static void writeStrings(List<String> values, StateOutput out) {
        out.writeVarInt(values.size());
        for (String value : values) {
            out.writeString(value);
        }
    }

    private static List<String> readStrings(StateInput in) throws IOException {
        int count = in.readVarInt();
        List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(in.readString());
        }
        return values;
    }

    private static void writeIfPresent(String value, StateOutput out) {
        if (value != null) {
            out.writeString(value);
        }
    }
}
