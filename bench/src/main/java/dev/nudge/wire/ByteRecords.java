package dev.nudge.wire;

import dev.nudge.event.Times;
import dev.nudge.pattern.ActionParams;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import java.util.List;

/**
 * Actions and decisions written by {@link JsonBytes}, one writer per thread: the same bytes as
 * {@link Json#action} and {@link Json#decision} for text without control characters or characters
 * outside the BMP (which Jackson's defaults escape differently), so for all of the benchmark's.
 */
public final class ByteRecords {
    private final JsonBytes g = new JsonBytes(1024);

    public byte[] action(Action a) {
        g.reset().startObject();
        g.field("actionId").value(a.actionId());
        g.field("userId").value(a.userId());
        g.field("patternId").value(a.patternId());
        g.field("configVersion").value(a.configVersion());
        g.field("channel").value(a.channel().name());
        g.field("template").value(a.template());
        g.field("params");
        params(a.params());
        g.field("offer").value(a.offer());
        g.field("priority").value(a.priority());
        g.field("triggeredAt").value(Times.utc(a.triggeredAt()));
        g.field("sendAt").value(Times.utc(a.sendAt()));
        g.field("expiresAt").value(Times.utc(a.expiresAt()));
        g.field("reason").value(a.reason());
        strings("evidence", a.evidence());
        return g.endObject().toBytes();
    }

    public byte[] decision(Decision d) {
        g.reset().startObject();
        g.field("decisionId").value(d.decisionId());
        g.field("userId").value(d.userId());
        g.field("patternId").value(d.patternId());
        g.field("patternType").value(d.patternType().name());
        g.field("configVersion").value(d.configVersion());
        g.field("triggeredAt").value(Times.utc(d.triggeredAt()));
        strings("evidence", d.evidence());
        g.field("outcome").value(d.outcome().name());
        g.field("suppressedBy").value(d.suppressedBy() == null ? null : d.suppressedBy().name());
        g.field("actionId").value(d.actionId());
        g.field("channel").value(d.channel() == null ? null : d.channel().name());
        g.field("reason").value(d.reason());
        return g.endObject().toBytes();
    }

    private void params(ActionParams p) {
        g.startObject();
        if (!p.items().isEmpty()) {
            strings("items", p.items());
        }
        optional("category", p.category());
        optional("brand", p.brand());
        optional("offer", p.offer());
        optional("predictedDate", p.predictedDate());
        g.endObject();
    }

    private void strings(String field, List<String> values) {
        g.field(field).startArray();
        for (String value : values) {
            g.value(value);
        }
        g.endArray();
    }

    private void optional(String field, String value) {
        if (value != null) {
            g.field(field).value(value);
        }
    }
}
