package dev.nudge.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link EventParser}. */
class EventParserTest {
    private static final long NOW = Instant.parse("2026-11-24T12:00:00Z").toEpochMilli();
    private final EventParser parser = new EventParser(4096, 600_000, () -> NOW);

    @Test
    void readsEveryFieldOfAPurchase() throws Exception {
        UserEvent event =
                parse(
                        """
                        {"eventId":"e1","userId":"u1","type":"PURCHASE","ts":1511577600000,
                         "itemId":"i9","categoryId":"c2","brand":"acme","price":19.5,"quantity":2,
                         "discounted":true,"orderId":"o7","sessionId":"s3","somethingNew":{"x":[1]}}
                        """);

        assertThat(event)
                .isEqualTo(
                        UserEvent.builder("e1", "u1", EventType.PURCHASE, 1511577600000L)
                                .item("i9", "c2", "acme")
                                .price(19.5)
                                .quantity(2)
                                .discounted(true)
                                .orderId("o7")
                                .sessionId("s3")
                                .build());
    }

    @Test
    void readsIsoTimesWithAnyOffset() throws Exception {
        UserEvent utc =
                parse(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"SEARCH\",\"ts\":\"2017-11-25T02:00:00Z\"}");
        UserEvent shanghai =
                parse(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"SEARCH\",\"ts\":\"2017-11-25T10:00:00.000+08:00\"}");

        assertThat(utc.ts()).isEqualTo(Instant.parse("2017-11-25T02:00:00Z").toEpochMilli());
        assertThat(shanghai.ts()).isEqualTo(utc.ts());
    }

    @Test
    void keepsOnlyTheRegisterAttributesTheProductMayKeep() throws Exception {
        UserEvent event =
                parse(
                        """
                        {"eventId":"e","userId":"u","type":"REGISTER","ts":1511577600000,
                         "attributes":{"ageBand":"25-34","gender":"F","region":"east",
                                       "timezone":"Asia/Shanghai","email":"a@b.c"}}
                        """);

        assertThat(event.ageBand()).isEqualTo("25-34");
        assertThat(event.gender()).isEqualTo("F");
        assertThat(event.region()).isEqualTo("east");
        assertThat(event.timezone()).isEqualTo("Asia/Shanghai");
        assertThat(event.toString()).doesNotContain("a@b.c");
    }

    @Test
    void readsConsentAndMessageFeedback() throws Exception {
        UserEvent consent =
                parse(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"CONSENT\",\"ts\":1511577600000,\"channel\":\"SMS\",\"granted\":true}");
        UserEvent opened =
                parse(
                        "{\"eventId\":\"f\",\"userId\":\"u\",\"type\":\"MESSAGE_OPENED\",\"ts\":1511577600000,\"actionId\":\"a1\",\"channel\":\"PUSH\"}");

        assertThat(consent.channel()).isEqualTo(Channel.SMS);
        assertThat(consent.granted()).isTrue();
        assertThat(opened.actionId()).isEqualTo("a1");
    }

    @Test
    void defaultsQuantityToOne() throws Exception {
        assertThat(parse(valid("VIEW")).quantity()).isEqualTo(1);
    }

    static Stream<Arguments> malformed() {
        String big = "{\"eventId\":\"e\",\"pad\":\"" + "x".repeat(5000) + "\"}";
        return Stream.of(
                bad("", RejectReason.EMPTY, "no value"),
                bad(big, RejectReason.OVERSIZED, "the limit is 4096"),
                bad("{\"eventId\":\"e\u0000", RejectReason.INVALID_UTF8, "NUL byte at offset 13"),
                bad("not json at all", RejectReason.NOT_JSON, "not valid JSON"),
                bad("{\"eventId\":\"e\",", RejectReason.NOT_JSON, "not valid JSON"),
                bad(valid("VIEW") + " trailing", RejectReason.NOT_JSON, "Unrecognized token"),
                bad(valid("VIEW") + " {}", RejectReason.NOT_JSON, "after the JSON object"),
                bad("[1,2,3]", RejectReason.NOT_AN_OBJECT, "found an array"),
                bad("\"just a string\"", RejectReason.NOT_AN_OBJECT, "found a string"),
                bad(without("eventId"), RejectReason.MISSING_FIELD, "eventId"),
                bad(without("userId"), RejectReason.MISSING_FIELD, "userId"),
                bad(without("type"), RejectReason.MISSING_FIELD, "type"),
                bad(without("ts"), RejectReason.MISSING_FIELD, "ts"),
                bad(replace("\"u1\"", "null"), RejectReason.MISSING_FIELD, "userId"),
                bad(replace("\"VIEW\"", "\"TELEPORT\""), RejectReason.UNKNOWN_TYPE, "TELEPORT"),
                bad(replace("\"VIEW\"", "\"view\""), RejectReason.UNKNOWN_TYPE, "view"),
                bad(replace("\"u1\"", "42"), RejectReason.WRONG_TYPE, "userId must be a string"),
                bad(
                        replace("\"u1\"", "\"\""),
                        RejectReason.OUT_OF_RANGE,
                        "userId must be 1 to 128"),
                bad(
                        replace("\"u1\"", "\"" + "u".repeat(129) + "\""),
                        RejectReason.OUT_OF_RANGE,
                        "userId"),
                bad(replace("1511577600000", "true"), RejectReason.WRONG_TYPE, "ts must be"),
                bad(
                        replace("1511577600000", "1511577600"),
                        RejectReason.OUT_OF_RANGE,
                        "epoch seconds"),
                bad(replace("1511577600000", "1.5e12"), RejectReason.WRONG_TYPE, "ts must be"),
                bad(
                        replace("1511577600000", "\"2017-11-25 10:00:00\""),
                        RejectReason.OUT_OF_RANGE,
                        "ISO-8601"),
                bad(
                        replace("1511577600000", "\"2017-11-25T10:00:00\""),
                        RejectReason.OUT_OF_RANGE,
                        "with offset"),
                bad(
                        replace("1511577600000", "99999999999999999999"),
                        RejectReason.OUT_OF_RANGE,
                        "ts"),
                bad(replace("1511577600000", "4102444800000"), RejectReason.OUT_OF_RANGE, "2100"),
                bad(
                        replace("1511577600000", "\"+999999999-12-31T23:59:59Z\""),
                        RejectReason.OUT_OF_RANGE,
                        "outside 2000-01-01..2100-01-01"),
                bad(
                        replace("1511577600000", "\"-999999999-01-01T00:00:00+18:00\""),
                        RejectReason.OUT_OF_RANGE,
                        "outside 2000-01-01..2100-01-01"),
                bad(
                        replace("\"u1\"", "\"\\ud800u1\""),
                        RejectReason.OUT_OF_RANGE,
                        "userId has an unpaired surrogate \\uD800 at character 0"),
                bad(
                        replace("\"e1\"", "\"e\\udc00\""),
                        RejectReason.OUT_OF_RANGE,
                        "eventId has an unpaired surrogate"),
                bad(
                        with("\"query\":\"\\ud83d\""),
                        RejectReason.OUT_OF_RANGE,
                        "query has an unpaired surrogate"),
                bad(
                        replace("1511577600000", "1795525200000"),
                        RejectReason.FUTURE_TIMESTAMP,
                        "ahead of the processing clock"),
                bad(with("\"price\":-1"), RejectReason.OUT_OF_RANGE, "price"),
                bad(with("\"price\":\"12.5\""), RejectReason.WRONG_TYPE, "price must be a number"),
                bad(with("\"quantity\":0"), RejectReason.OUT_OF_RANGE, "quantity"),
                bad(
                        with("\"quantity\":2.5"),
                        RejectReason.WRONG_TYPE,
                        "quantity must be an integer"),
                bad(with("\"rating\":6"), RejectReason.OUT_OF_RANGE, "rating"),
                bad(
                        with("\"discounted\":\"yes\""),
                        RejectReason.WRONG_TYPE,
                        "discounted must be true or false"),
                bad(with("\"channel\":\"FAX\""), RejectReason.OUT_OF_RANGE, "FAX"),
                bad(
                        with("\"attributes\":[1]"),
                        RejectReason.WRONG_TYPE,
                        "attributes must be an object"),
                bad(
                        with("\"attributes\":{\"timezone\":\"Mars/Olympus\"}"),
                        RejectReason.OUT_OF_RANGE,
                        "IANA"),
                bad(
                        with("\"userId\":\"again\""),
                        RejectReason.DUPLICATE_FIELD,
                        "userId appears twice"),
                bad(without("itemId"), RejectReason.MISSING_FIELD, "itemId is required for VIEW"),
                bad(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"CONSENT\",\"ts\":1511577600000,\"channel\":\"SMS\"}",
                        RejectReason.MISSING_FIELD,
                        "granted is required for CONSENT"),
                bad(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"MESSAGE_CLICKED\",\"ts\":1511577600000}",
                        RejectReason.MISSING_FIELD,
                        "actionId is required"));
    }

    @ParameterizedTest(name = "[{index}] {1}: {2}")
    @MethodSource("malformed")
    void rejectsMalformedRecordsWithAReason(String json, RejectReason reason, String detail) {
        assertThatThrownBy(() -> parse(json))
                .isInstanceOfSatisfying(
                        InvalidEventException.class, e -> assertThat(e.reason()).isEqualTo(reason))
                .hasMessageContaining(detail);
    }

    @Test
    void rejectsInvalidUtf8AnywhereInTheRecord() {
        byte[] valid = valid("VIEW").getBytes(StandardCharsets.UTF_8);
        byte[][] broken = {
            withByteAt(valid, 12, (byte) 0xC3), // truncated two-byte sequence inside a value
            withByteAt(valid, 3, (byte) 0xFF), // never valid
            concat(valid, new byte[] {(byte) 0xC0, (byte) 0x80}), // overlong NUL
            concat(valid, new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}), // surrogate
        };
        for (byte[] bytes : broken) {
            assertThatThrownBy(() -> parser.parse(bytes))
                    .isInstanceOfSatisfying(
                            InvalidEventException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_UTF8))
                    .hasMessageContaining("is not valid UTF-8");
        }
    }

    @Test
    void rejectsUtf16AndUtf32EncodedRecords() {
        String event = valid("VIEW");
        for (String charset : List.of("UTF-16LE", "UTF-16BE", "UTF-16", "UTF-32", "UTF-32LE")) {
            byte[] bytes = event.getBytes(Charset.forName(charset));
            assertThatThrownBy(() -> parser.parse(bytes))
                    .as(charset)
                    .isInstanceOfSatisfying(
                            InvalidEventException.class,
                            e -> assertThat(e.reason()).isEqualTo(RejectReason.INVALID_UTF8));
        }
    }

    @Test
    void acceptsEscapedSurrogatePairs() throws Exception {
        UserEvent event = parse(replace("\"u1\"", "\"u\\ud83d\\udc57\""));
        assertThat(event.userId()).isEqualTo("u👗");
    }

    @Test
    void acceptsMultiByteText() throws Exception {
        UserEvent event =
                parse(
                        "{\"eventId\":\"e\",\"userId\":\"u\",\"type\":\"SEARCH\",\"ts\":1511577600000,\"query\":\"连衣裙 👗\"}");
        assertThat(event.query()).isEqualTo("连衣裙 👗");
    }

    @Test
    void historicalParsingSkipsTheFutureCheck() throws Exception {
        EventParser history = EventParser.forHistory(4096);
        String future = replace("1511577600000", "4000000000000");
        assertThat(history.parse(future.getBytes(StandardCharsets.UTF_8)).ts())
                .isEqualTo(4000000000000L);
    }

    private UserEvent parse(String json) throws InvalidEventException {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String valid(String type) {
        return "{\"eventId\":\"e1\",\"userId\":\"u1\",\"type\":\""
                + type
                + "\",\"ts\":1511577600000,\"itemId\":\"i1\"}";
    }

    private static String without(String field) {
        return valid("VIEW").replaceAll(",?\"" + field + "\":[^,}]+", "").replace("{,", "{");
    }

    private static String replace(String from, String to) {
        return valid("VIEW").replace(from, to);
    }

    private static String with(String field) {
        return valid("VIEW").replace("}", "," + field + "}");
    }

    private static Arguments bad(String json, RejectReason reason, String detail) {
        return Arguments.of(json, reason, detail);
    }

    private static byte[] withByteAt(byte[] bytes, int index, byte value) {
        byte[] copy = bytes.clone();
        copy[index] = value;
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] result = new byte[a.length + b.length];
        System.arraycopy(a, 0, result, 0, a.length);
        System.arraycopy(b, 0, result, a.length, b.length);
        return result;
    }
}
