package dev.nudge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Tests for {@link JsonBytes}: what it writes is JSON, and reads back as what was written. */
class JsonBytesTest {
    private static String json(JsonBytes writer) {
        return new String(writer.toBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void writesNestedObjectsAndArraysWithTheirCommas() {
        JsonBytes g = new JsonBytes(8).startObject();
        g.field("id").value("u1").field("n").value(42L).field("ok").value(true);
        g.field("list").startArray().value("a").startObject().endObject().value(-7L).endArray();
        g.field("none").value((String) null);

        assertThat(json(g.endObject()))
                .isEqualTo(
                        "{\"id\":\"u1\",\"n\":42,\"ok\":true,\"list\":[\"a\",{},-7],\"none\":null}");
    }

    @Test
    void decimalsAreRoundedAndWrittenAsTheShortestTextOfTheirValue() {
        JsonBytes g = new JsonBytes(8).startArray();
        g.decimal(11.37349, 3).decimal(0.2, 3).decimal(1, 3).decimal(0, 2).decimal(0.0004, 3);
        g.decimal(2.005, 2).decimal(-3.14159, 2).decimal(0.05, 3).decimal(123456.789, 1);
        g.decimal(2.5e7, 2).decimal(-0.0001, 3);

        assertThat(json(g.endArray()))
                .isEqualTo(
                        // 2.005 × 100 is 200.50000000000003 as a double: half up, 2.01
                        "[11.373,0.2,1.0,0.0,0.0,2.01,-3.14,0.05,123456.8,2.5E7,0.0]");
    }

    @Test
    void textIsEscapedAndEncodedInUtf8() throws Exception {
        String text = "quote \" backslash \\ tab \t line\n bell \u0007 é 中 😀 end";
        JsonBytes g = new JsonBytes(4).startObject().field("text").value(text).endObject();

        JsonNode read = new ObjectMapper().readTree(g.toBytes());

        assertThat(read.get("text").asText()).isEqualTo(text);
        assertThat(json(g)).contains("\\\"", "\\\\", "\\t", "\\n", "\\u0007", "é", "中", "😀");
    }
}
