package dev.nudge.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import dev.nudge.event.DeadLetter;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;
import dev.nudge.pattern.ActionParams;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
import dev.nudge.profile.PredictionCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;

/**
 * The JSON form of every record Nudge writes to Kafka (SPEC §3): UTF-8, times as ISO-8601 UTC
 * strings with milliseconds. The same bytes go to Kafka, to backtest files and to the demo's
 * console. (What only a backtest writes, the episodes its input left open, is written beside the
 * backtest; the steps of users through flows, which no topic carries, are here next to the
 * decisions they explain.)
 */
public final class Json {
    /**
     * Doubles are written with Jackson's Schubfach writer: the shortest text that reads back as the
     * same double, like {@link Double#toString}, at a fraction of its cost. (Profile snapshots, the
     * largest and most frequent record, are written by {@link JsonBytes}.)
     */
    private static final JsonFactory FACTORY =
            JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    private Json() {}

    /** An event time as written in output records, e.g. {@code 2017-11-25T10:15:30.000Z}. */
    public static String time(long epochMillis) {
        return Times.utc(epochMillis);
    }

    public static byte[] action(Action a) {
        return write(
                g -> {
                    g.writeStringField("actionId", a.actionId());
                    g.writeStringField("userId", a.userId());
                    g.writeStringField("patternId", a.patternId());
                    g.writeStringField("variant", a.variant());
                    g.writeStringField("configVersion", a.configVersion());
                    g.writeStringField("channel", a.channel().name());
                    g.writeStringField("template", a.template());
                    g.writeFieldName("params");
                    params(g, a.params());
                    g.writeStringField("offer", a.offer());
                    g.writeNumberField("priority", a.priority());
                    g.writeStringField("triggeredAt", time(a.triggeredAt()));
                    g.writeStringField("sendAt", time(a.sendAt()));
                    g.writeStringField("expiresAt", time(a.expiresAt()));
                    g.writeStringField("reason", a.reason());
                    strings(g, "evidence", a.evidence());
                    flowStep(g, a.flowId(), a.step());
                });
    }

    public static byte[] decision(Decision d) {
        return write(
                g -> {
                    g.writeStringField("decisionId", d.decisionId());
                    g.writeStringField("userId", d.userId());
                    g.writeStringField("patternId", d.patternId());
                    g.writeStringField("variant", d.variant());
                    g.writeStringField("patternType", d.patternType().name());
                    g.writeStringField("configVersion", d.configVersion());
                    g.writeStringField("triggeredAt", time(d.triggeredAt()));
                    strings(g, "evidence", d.evidence());
                    g.writeStringField("outcome", d.outcome().name());
                    g.writeStringField(
                            "suppressedBy",
                            d.suppressedBy() == null ? null : d.suppressedBy().name());
                    g.writeStringField("actionId", d.actionId());
                    g.writeStringField("channel", d.channel() == null ? null : d.channel().name());
                    g.writeStringField("reason", d.reason());
                    flowStep(g, d.flowId(), d.step());
                });
    }

    /** A flow's id and step, written only on the records of a flow. */
    private static void flowStep(JsonGenerator g, String flowId, String step) throws IOException {
        if (flowId != null) {
            g.writeStringField("flowId", flowId);
        }
        if (step != null) {
            g.writeStringField("step", step);
        }
    }

    /**
     * A dead letter as one JSON line, for files (Kafka carries the original bytes as the value and
     * the rest in headers). The value is a string when it is valid UTF-8, else base64.
     */
    public static byte[] deadLetter(DeadLetter d) {
        return write(
                g -> {
                    g.writeStringField("reason", d.reason().name());
                    g.writeStringField("detail", d.detail());
                    g.writeStringField("source", d.sourceTopic());
                    g.writeNumberField("partition", d.sourcePartition());
                    g.writeNumberField("offset", d.sourceOffset());
                    byte[] value = d.value() == null ? new byte[0] : d.value();
                    if (d.reason() == dev.nudge.event.RejectReason.INVALID_UTF8) {
                        g.writeStringField(
                                "valueBase64", Base64.getEncoder().encodeToString(value));
                    } else {
                        g.writeStringField("value", new String(value, StandardCharsets.UTF_8));
                    }
                });
    }

    /** A purchase attributed to a decision (SPEC §3.4); the latency as an ISO-8601 duration. */
    public static byte[] conversion(Conversion c) {
        return write(
                g -> {
                    g.writeStringField("decisionId", c.decisionId());
                    g.writeStringField("actionId", c.actionId());
                    g.writeStringField("userId", c.userId());
                    g.writeStringField("patternId", c.patternId());
                    g.writeStringField("variant", c.variant());
                    g.writeStringField("configVersion", c.configVersion());
                    g.writeStringField("arm", c.arm().name());
                    g.writeStringField("goal", c.goal());
                    g.writeStringField("orderId", c.orderId());
                    g.writeNumberField("revenue", c.money().decimal(c.revenue()));
                    g.writeStringField("currency", c.money().currency());
                    g.writeStringField("decidedAt", time(c.decidedAt()));
                    g.writeStringField("convertedAt", time(c.convertedAt()));
                    g.writeStringField("latency", Duration.ofMillis(c.latency()).toString());
                });
    }

    /**
     * A step of the feedback on a sent action, linked to what sent it, for {@code
     * marketing-engagement}.
     */
    public static byte[] engagement(Engagement e) {
        return write(
                g -> {
                    g.writeStringField("actionId", e.actionId());
                    g.writeStringField("userId", e.userId());
                    g.writeStringField("patternId", e.patternId());
                    g.writeStringField("variant", e.variant());
                    g.writeStringField("channel", e.channel().name());
                    g.writeStringField("configVersion", e.configVersion());
                    g.writeStringField("step", e.step().name());
                    g.writeStringField("sentAt", time(e.sentAt()));
                    g.writeStringField("at", time(e.at()));
                });
    }

    /**
     * A user's step through a flow, one line of a backtest's {@code flows.jsonl}: {@code step} is
     * {@code null} for ENTERED and for COMPLETED after the flow's last step, {@code detail} says
     * why for LEFT and is {@code null} otherwise.
     */
    public static byte[] flowEvent(FlowEvent e) {
        return write(
                g -> {
                    g.writeStringField("userId", e.userId());
                    g.writeStringField("flowId", e.flowId());
                    g.writeStringField("step", e.step());
                    g.writeStringField("kind", e.kind().name());
                    g.writeStringField("at", time(e.at()));
                    g.writeBooleanField("holdout", e.holdout());
                    g.writeStringField("configVersion", e.configVersion());
                    g.writeStringField("detail", e.detail());
                });
    }

    /** A purchase occasion next to its prediction, for a backtest's {@code predictions.jsonl}. */
    public static byte[] predictionCheck(PredictionCheck c) {
        return write(
                g -> {
                    g.writeStringField("userId", c.userId());
                    g.writeStringField("at", time(c.at()));
                    g.writeStringField("previousAt", time(c.previousAt()));
                    g.writeNumberField("occasions", c.occasions());
                    if (c.predicted()) {
                        g.writeStringField("predictedAt", time(c.predictedAt()));
                        g.writeStringField("expectedFrom", time(c.expectedFrom()));
                        g.writeStringField("expectedUntil", time(c.expectedUntil()));
                    }
                });
    }

    /** An event in the input format of {@code user-events} (SPEC §3.1), ts in epoch ms. */
    public static byte[] event(UserEvent e) {
        return write(
                g -> {
                    g.writeStringField("eventId", e.eventId());
                    g.writeStringField("userId", e.userId());
                    g.writeStringField("type", e.type().name());
                    g.writeNumberField("ts", e.ts());
                    optional(g, "itemId", e.itemId());
                    optional(g, "categoryId", e.categoryId());
                    optional(g, "brand", e.brand());
                    if (e.price() != null) {
                        g.writeNumberField("price", e.price());
                    }
                    if (e.quantity() != 1) {
                        g.writeNumberField("quantity", e.quantity());
                    }
                    if (e.discounted() != null) {
                        g.writeBooleanField("discounted", e.discounted());
                    }
                    optional(g, "orderId", e.orderId());
                    optional(g, "sessionId", e.sessionId());
                    optional(g, "query", e.query());
                    if (e.rating() != null) {
                        g.writeNumberField("rating", e.rating());
                    }
                    optional(g, "channel", e.channel() == null ? null : e.channel().name());
                    if (e.granted() != null) {
                        g.writeBooleanField("granted", e.granted());
                    }
                    optional(g, "actionId", e.actionId());
                    if (e.ageBand() != null
                            || e.gender() != null
                            || e.region() != null
                            || e.timezone() != null) {
                        g.writeObjectFieldStart("attributes");
                        optional(g, "ageBand", e.ageBand());
                        optional(g, "gender", e.gender());
                        optional(g, "region", e.region());
                        optional(g, "timezone", e.timezone());
                        g.writeEndObject();
                    }
                    optional(g, "tag", e.tag());
                    optional(g, "value", e.tagValue());
                    if (e.expiresAt() != null) {
                        g.writeStringField("expiresAt", time(e.expiresAt()));
                    }
                });
    }

    private static void params(JsonGenerator g, ActionParams p) throws IOException {
        g.writeStartObject();
        if (!p.items().isEmpty()) {
            strings(g, "items", p.items());
        }
        optional(g, "category", p.category());
        optional(g, "brand", p.brand());
        // The offer is the action's own top-level field; params carry what the template shows.
        optional(g, "predictedDate", p.predictedDate());
        g.writeEndObject();
    }

    private static void strings(JsonGenerator g, String field, List<String> values)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    static void optional(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    public interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    public static byte[] write(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            body.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
