package dev.nudge.tail;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.config.Shown;
import dev.nudge.connect.OutboundSerializer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Each record of a tailed topic as one line: readable, with labelled fields a person can scan and
 * grep ({@code label=value}, a value with spaces in quotes, a missing one as {@code -}), or as its
 * JSON, one document per line for a program to read.
 *
 * <p>The JSON of a record is its value as the job wrote it, but for the two records whose value is
 * no JSON of the job: a dead letter, whose value is the rejected input, is written as the backtest
 * writes it to {@code dead-letters.jsonl} (reason, detail, source, partition, offset and the value)
 * with its key and, when the value was cut, the original's size and SHA-256; and the tombstone of
 * an erased user's profile, which has no value at all, is written as {@code
 * {"userId":"u1","erased":true}}, so that a program syncing profiles learns whom to forget.
 */
public final class RecordLines {
    /** Decimals as written: a revenue of 10.00 stays 10.00. */
    private static final ObjectMapper JSON =
            JsonMapper.builder()
                    .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                    .configure(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES, false)
                    .build();

    /** The most characters of free text (a reason, a detail, a rejected value) on a line. */
    static final int MAX_TEXT = 300;

    private RecordLines() {}

    /** The record as one readable line. */
    public static String readable(RecordKind kind, ConsumerRecord<byte[], byte[]> record) {
        if (kind == RecordKind.DEAD_LETTERS) {
            return deadLetter(record);
        }
        if (kind == RecordKind.PROFILES && record.value() == null) {
            return new Line().field("user", utf8(record.key())).text("(erased)").toString();
        }
        if (kind == RecordKind.OTHER) {
            return other(record);
        }
        JsonNode value = tree(record.value());
        if (value == null || !value.isObject()) {
            return unreadable(record);
        }
        return switch (kind) {
            case ACTIONS -> action(value);
            case DECISIONS -> decision(value);
            case CONVERSIONS -> conversion(value);
            case ENGAGEMENT -> engagement(value);
            case PROFILES -> profile(value);
            case ACKS -> ack(value);
            default -> throw new IllegalStateException(kind.name());
        };
    }

    /**
     * The record as one line of JSON, or empty when it has none: a value of a topic other than the
     * job's that is not JSON, or a value of the job's topics that is not (which the job never
     * writes).
     */
    public static Optional<String> json(RecordKind kind, ConsumerRecord<byte[], byte[]> record) {
        if (kind == RecordKind.DEAD_LETTERS) {
            return Optional.of(deadLetterJson(record));
        }
        if (record.value() == null) {
            if (kind != RecordKind.PROFILES) {
                return Optional.empty();
            }
            ObjectNode erased = JSON.createObjectNode();
            erased.put("userId", utf8(record.key()));
            erased.put("erased", true);
            return Optional.of(erased.toString());
        }
        JsonNode value = tree(record.value());
        if (value == null) {
            return Optional.empty();
        }
        String text = new String(record.value(), StandardCharsets.UTF_8);
        if (text.indexOf('\n') < 0 && text.indexOf('\r') < 0) {
            // As it was written, to the character: the job's JSON is compact, never on two lines.
            return Optional.of(text);
        }
        return Optional.of(value.toString());
    }

    private static String action(JsonNode a) {
        return new Line()
                .field("sendAt", a.path("sendAt"))
                .field("channel", a.path("channel"))
                .field("user", a.path("userId"))
                .field("template", a.path("template"))
                .field("offer", a.path("offer"))
                .field("pattern", a.path("patternId"))
                .optional("variant", a.path("variant"))
                .flowStep(a)
                .field("actionId", a.path("actionId"))
                .field("expiresAt", a.path("expiresAt"))
                .field("params", compact(a.path("params")))
                .toString();
    }

    private static String decision(JsonNode d) {
        return new Line()
                .field("triggeredAt", d.path("triggeredAt"))
                .field("outcome", d.path("outcome"))
                .optional("suppressedBy", d.path("suppressedBy"))
                .field("user", d.path("userId"))
                .field("pattern", d.path("patternId"))
                .optional("variant", d.path("variant"))
                .flowStep(d)
                .optional("channel", d.path("channel"))
                .optional("actionId", d.path("actionId"))
                .field("reason", d.path("reason"))
                .toString();
    }

    private static String conversion(JsonNode c) {
        return new Line()
                .field("convertedAt", c.path("convertedAt"))
                .field("arm", c.path("arm"))
                .field("user", c.path("userId"))
                .field("pattern", c.path("patternId"))
                .optional("variant", c.path("variant"))
                .field("goal", c.path("goal"))
                .field("revenue", c.path("revenue"))
                .field("currency", c.path("currency"))
                .optional("order", c.path("orderId"))
                .field("decidedAt", c.path("decidedAt"))
                .field("latency", c.path("latency"))
                .optional("actionId", c.path("actionId"))
                .toString();
    }

    private static String engagement(JsonNode e) {
        return new Line()
                .field("at", e.path("at"))
                .field("step", e.path("step"))
                .field("channel", e.path("channel"))
                .field("user", e.path("userId"))
                .field("pattern", e.path("patternId"))
                .optional("variant", e.path("variant"))
                .field("actionId", e.path("actionId"))
                .field("sentAt", e.path("sentAt"))
                .toString();
    }

    private static String profile(JsonNode p) {
        List<String> segments = new ArrayList<>();
        p.path("segments").forEach(segment -> segments.add(segment.asText()));
        return new Line()
                .field("at", p.path("at"))
                .field("user", p.path("userId"))
                .field("stage", p.path("stage"))
                .field("segments", segments.isEmpty() ? null : String.join(",", segments))
                .optional("nextPurchase", p.path("cycle").path("predictedNextPurchase"))
                .toString();
    }

    private static String ack(JsonNode a) {
        Line line =
                new Line()
                        .field("decidedAt", a.path("decidedAt"))
                        .field("version", a.path("version"))
                        .field("status", a.path("status"))
                        .field("liveVersion", a.path("liveVersion"))
                        .optional("changedBy", a.path("changedBy"))
                        .field("changes", Integer.toString(a.path("changes").size()))
                        .field("errors", Integer.toString(a.path("errors").size()));
        if (a.path("errors").size() > 0) {
            line.field("firstError", a.path("errors").get(0));
        }
        return line.field("message", a.path("message")).toString();
    }

    /** A dead letter from its headers (why, from where) and the rejected value, clipped. */
    private static String deadLetter(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        String partition = headers.get(OutboundSerializer.SOURCE_PARTITION);
        String offset = headers.get(OutboundSerializer.SOURCE_OFFSET);
        String source = headers.get(OutboundSerializer.SOURCE_TOPIC);
        if (source != null && partition != null && !partition.equals("-1")) {
            source = source + "/" + partition + "@" + offset;
        }
        return new Line()
                .field("reason", headers.get(OutboundSerializer.REASON))
                .field("source", source)
                .field("key", record.key() == null ? null : shownBytes(record.key()))
                .field("detail", headers.get(OutboundSerializer.DETAIL))
                .field("value", record.value() == null ? null : shownBytes(record.value()))
                .optional("valueSize", headers.get(OutboundSerializer.VALUE_SIZE))
                .toString();
    }

    private static String deadLetterJson(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = headers(record);
        ObjectNode line = JSON.createObjectNode();
        line.put("reason", headers.get(OutboundSerializer.REASON));
        line.put("detail", headers.get(OutboundSerializer.DETAIL));
        line.put("source", headers.get(OutboundSerializer.SOURCE_TOPIC));
        line.put("partition", number(headers.get(OutboundSerializer.SOURCE_PARTITION)));
        line.put("offset", number(headers.get(OutboundSerializer.SOURCE_OFFSET)));
        line.put("key", record.key() == null ? null : utf8(record.key()));
        byte[] value = record.value() == null ? new byte[0] : record.value();
        String text = strictUtf8(value);
        if (text == null) {
            line.put("valueBase64", Base64.getEncoder().encodeToString(value));
        } else {
            line.put("value", text);
        }
        if (headers.containsKey(OutboundSerializer.VALUE_SIZE)) {
            line.put("valueSize", number(headers.get(OutboundSerializer.VALUE_SIZE)));
            line.put("valueSha256", headers.get(OutboundSerializer.VALUE_SHA256));
        }
        return line.toString();
    }

    private static String other(ConsumerRecord<byte[], byte[]> record) {
        return new Line()
                .field("partition", Integer.toString(record.partition()))
                .field("offset", Long.toString(record.offset()))
                .field("key", record.key() == null ? null : shownBytes(record.key()))
                .field("value", record.value() == null ? null : shownBytes(record.value()))
                .toString();
    }

    /** A value of one of the job's topics that is no JSON object: never written by the job. */
    private static String unreadable(ConsumerRecord<byte[], byte[]> record) {
        return new Line()
                .text("(not a record of the job)")
                .field("partition", Integer.toString(record.partition()))
                .field("offset", Long.toString(record.offset()))
                .field("value", record.value() == null ? null : shownBytes(record.value()))
                .toString();
    }

    /**
     * A JSON value without quotes, for the params of an action: {@code
     * {items:[i1,i2],category:c7}}. A text with a character of the notation itself is quoted.
     */
    static String compact(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return null;
        }
        StringBuilder out = new StringBuilder();
        compact(node, out);
        return out.toString();
    }

    private static void compact(JsonNode node, StringBuilder out) {
        if (node.isObject()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getValue().isNull()) {
                    continue;
                }
                out.append(first ? "" : ",").append(field.getKey()).append(':');
                compact(field.getValue(), out);
                first = false;
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                out.append(i == 0 ? "" : ",");
                compact(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            String text = node.asText();
            out.append(
                    text.isEmpty() || text.chars().anyMatch(c -> "{}[],:\" ".indexOf(c) >= 0)
                            ? node.toString()
                            : Shown.clipped(text, MAX_TEXT));
        } else {
            out.append(node.asText());
        }
    }

    private static JsonNode tree(byte[] value) {
        if (value == null) {
            return null;
        }
        try {
            return JSON.readTree(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static Map<String, String> headers(ConsumerRecord<byte[], byte[]> record) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            headers.putIfAbsent(header.key(), utf8(header.value()));
        }
        return headers;
    }

    /** Bytes as text, or how many when they are not UTF-8. */
    private static String shownBytes(byte[] bytes) {
        String text = strictUtf8(bytes);
        return text == null ? "(" + bytes.length + " bytes, not UTF-8)" : text;
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    private static Long number(String text) {
        try {
            return text == null ? null : Long.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** A line of labelled fields. */
    private static final class Line {
        private final StringBuilder text = new StringBuilder();

        /** {@code label=value}, or {@code label=-} when there is none. */
        Line field(String label, String value) {
            return text((label + "=" + (value == null ? "-" : shown(value))));
        }

        Line field(String label, JsonNode value) {
            return field(label, value.isNull() || value.isMissingNode() ? null : value.asText());
        }

        /** {@code label=value}, or nothing when there is none. */
        Line optional(String label, String value) {
            return value == null ? this : field(label, value);
        }

        Line optional(String label, JsonNode value) {
            return value.isNull() || value.isMissingNode() ? this : field(label, value);
        }

        /** The flow and step of a flow's record, {@code flow=cart-rescue/push}; else nothing. */
        Line flowStep(JsonNode record) {
            JsonNode flow = record.path("flowId");
            if (flow.isNull() || flow.isMissingNode()) {
                return this;
            }
            JsonNode step = record.path("step");
            return field(
                    "flow",
                    flow.asText()
                            + (step.isNull() || step.isMissingNode() ? "" : "/" + step.asText()));
        }

        Line text(String words) {
            if (text.length() > 0) {
                text.append(' ');
            }
            text.append(words);
            return this;
        }

        /** One line whatever the value holds; quoted when it has a space, a quote or is empty. */
        private static String shown(String value) {
            String shown = Shown.clipped(value, MAX_TEXT);
            if (shown.isEmpty() || shown.chars().anyMatch(c -> c == ' ' || c == '"')) {
                return '"' + shown.replace("\"", "\\\"") + '"';
            }
            return shown;
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }
}
