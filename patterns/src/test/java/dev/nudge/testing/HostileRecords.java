package dev.nudge.testing;

import dev.nudge.event.EventType;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A seeded stream of {@code user-events} records as careless producers and attackers write them:
 * random bytes, and valid events of every type truncated, bit-flipped, spliced, deeply nested, in
 * other encodings, with huge numbers and every field given every wrong type. About one in ten is a
 * valid event. The same seed gives the same records.
 */
public final class HostileRecords {
    private static final String[] FIELDS = {
        "eventId",
        "userId",
        "type",
        "ts",
        "itemId",
        "categoryId",
        "brand",
        "price",
        "quantity",
        "discounted",
        "orderId",
        "sessionId",
        "query",
        "rating",
        "channel",
        "granted",
        "actionId",
        "attributes"
    };

    /** Values of every JSON type and the edge cases of each, to put in any field. */
    private static final String[] VALUES = {
        "null",
        "true",
        "false",
        "0",
        "-1",
        "1",
        "6",
        "2.5",
        "-0.0",
        "1e400",
        "-1e400",
        "1E-400",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999999999999999999",
        "9".repeat(900),
        "0." + "1".repeat(900),
        "1511577600000",
        "1511577600",
        "4102444800000",
        "\"\"",
        "\"x\"",
        "\"VIEW\"",
        "\"PURCHASE\"",
        "\"PUSH\"",
        "\"2017-11-25T10:00:00Z\"",
        "\"+999999999-12-31T23:59:59Z\"",
        "\"-999999999-01-01T00:00:00Z\"",
        "\"2017-13-45T99:99:99Z\"",
        "\"\\ud800\"",
        "\"\\udfff\\ud800\"",
        "\"\\ud83d\\udc57\"",
        "\"\\u0000\"",
        "\"连衣裙\"",
        "\"Mars/Olympus\"",
        "\"Asia/Shanghai\"",
        "[]",
        "[1,[2,[3]]]",
        "{}",
        "{\"timezone\":\"Europe/Paris\",\"ageBand\":\"18-24\"}",
        "{\"timezone\":[]}",
        "NaN",
        "Infinity",
        "'single'",
        "\"" + "x".repeat(600) + "\"",
        "\"" + "\\u00e9".repeat(200) + "\"",
    };

    private final Random random;
    private int drawn;

    public HostileRecords(long seed) {
        this.random = new Random(seed);
    }

    /** The next record. */
    public byte[] next() {
        return input(drawn++);
    }

    private byte[] input(int i) {
        return switch (i % 10) {
            case 0 -> randomBytes();
            case 1 -> truncated(event());
            case 2 -> bitFlipped(event());
            case 3 -> spliced(event(), event());
            case 4 -> nested();
            case 5, 6 -> withWrongValue(event());
            case 7 -> withEverythingShuffled();
            case 8 -> otherEncodings(event());
            default -> utf8(event());
        };
    }

    /** A valid event of a random type, with optional fields now and then. */
    private String event() {
        EventType type = EventType.values()[random.nextInt(EventType.values().length)];
        StringBuilder json = new StringBuilder("{");
        json.append("\"eventId\":\"e").append(random.nextInt(1000)).append('"');
        json.append(",\"userId\":\"u").append(random.nextInt(100)).append('"');
        json.append(",\"type\":\"").append(type.name()).append('"');
        json.append(",\"ts\":").append(1_511_577_600_000L + random.nextInt(1_000_000_000));
        if (type.isItemEvent() || random.nextBoolean()) {
            json.append(",\"itemId\":\"i").append(random.nextInt(50)).append('"');
        }
        if (random.nextBoolean()) {
            json.append(",\"categoryId\":\"c").append(random.nextInt(9)).append('"');
        }
        if (random.nextInt(4) == 0) {
            json.append(",\"price\":").append(random.nextInt(100_000) / 100.0);
        }
        if (random.nextInt(4) == 0) {
            json.append(",\"query\":\"").append(random.nextBoolean() ? "连衣裙" : "shoes").append('"');
        }
        if (type == EventType.CONSENT || random.nextInt(8) == 0) {
            json.append(",\"channel\":\"SMS\",\"granted\":").append(random.nextBoolean());
        }
        if (type.isMessageFeedback() || random.nextInt(8) == 0) {
            json.append(",\"actionId\":\"a").append(random.nextInt(50)).append('"');
        }
        if (type == EventType.REGISTER) {
            json.append(",\"attributes\":{\"timezone\":\"Asia/Shanghai\",\"region\":\"east\"}");
        }
        return json.append('}').toString();
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[random.nextInt(120)];
        random.nextBytes(bytes);
        if (bytes.length > 0 && random.nextBoolean()) {
            bytes[0] = '{';
        }
        return bytes;
    }

    private byte[] truncated(String json) {
        byte[] bytes = utf8(json);
        byte[] cut = new byte[random.nextInt(bytes.length + 1)];
        System.arraycopy(bytes, 0, cut, 0, cut.length);
        return cut;
    }

    private byte[] bitFlipped(String json) {
        byte[] bytes = utf8(json);
        int flips = 1 + random.nextInt(3);
        for (int f = 0; f < flips; f++) {
            int at = random.nextInt(bytes.length);
            bytes[at] ^= (byte) (1 << random.nextInt(8));
        }
        return bytes;
    }

    private byte[] spliced(String a, String b) {
        byte[] first = utf8(a);
        byte[] second = utf8(b);
        int cut = random.nextInt(first.length);
        int from = random.nextInt(second.length);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(first, 0, cut);
        out.write(second, from, second.length - from);
        return out.toByteArray();
    }

    private byte[] nested() {
        int depth = 1 + random.nextInt(5000);
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String inner = open.repeat(depth);
        String value = random.nextBoolean() ? inner : inner + "1" + "]".repeat(depth);
        String field = FIELDS[random.nextInt(FIELDS.length)];
        return utf8("{\"" + field + "\":" + value + "," + event().substring(1));
    }

    /** One field of a valid event given another value, often of the wrong type. */
    private byte[] withWrongValue(String json) {
        String field = FIELDS[random.nextInt(FIELDS.length)];
        String value = VALUES[random.nextInt(VALUES.length)];
        String marker = "\"" + field + "\":";
        int at = json.indexOf(marker);
        if (at < 0) {
            return utf8(json.substring(0, json.length() - 1) + "," + marker + value + "}");
        }
        int start = at + marker.length();
        int end = valueEnd(json, start);
        return utf8(json.substring(0, start) + value + json.substring(end));
    }

    /** Fields of every kind in any order, any number of times, with any values. */
    private byte[] withEverythingShuffled() {
        List<String> parts = new ArrayList<>();
        int fields = random.nextInt(12);
        for (int f = 0; f < fields; f++) {
            String field =
                    random.nextInt(10) == 0 ? "unknown" + f : FIELDS[random.nextInt(FIELDS.length)];
            parts.add("\"" + field + "\":" + VALUES[random.nextInt(VALUES.length)]);
        }
        return utf8("{" + String.join(",", parts) + "}");
    }

    private byte[] otherEncodings(String json) {
        return switch (random.nextInt(5)) {
            case 0 -> json.getBytes(StandardCharsets.UTF_16LE);
            case 1 -> json.getBytes(StandardCharsets.UTF_16BE);
            case 2 -> json.getBytes(StandardCharsets.UTF_16);
            case 3 -> ("\uFEFF" + json).getBytes(StandardCharsets.UTF_8);
            default -> json.getBytes(StandardCharsets.ISO_8859_1);
        };
    }

    /** The end of the JSON value that starts at {@code start}: the next , or } outside a string. */
    private static int valueEnd(String json, int start) {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < json.length(); i++) {
            char c = json.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                depth++;
            } else if (c == '}' || c == ']') {
                if (depth == 0) {
                    return i;
                }
                depth--;
            } else if (c == ',' && depth == 0) {
                return i;
            }
        }
        return json.length();
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
