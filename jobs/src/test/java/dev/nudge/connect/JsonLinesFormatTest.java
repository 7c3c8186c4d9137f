package dev.nudge.connect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Ingested;
import dev.nudge.event.RejectReason;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.StreamFormat;
import org.apache.flink.core.fs.local.LocalFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link JsonLinesFormat}. */
class JsonLinesFormatTest {
    private static final String VIEW =
            "{\"eventId\":\"e%d\",\"userId\":\"u1\",\"type\":\"VIEW\",\"ts\":1511577600000,\"itemId\":\"i\"}";

    @TempDir Path dir;

    @Test
    void readsEventsAndTurnsBadLinesIntoDeadLettersNamingTheirLine() throws Exception {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.write((VIEW.formatted(1) + "\n").getBytes(StandardCharsets.UTF_8));
        file.write((VIEW.formatted(2) + "\r\n").getBytes(StandardCharsets.UTF_8));
        file.write("\n".getBytes(StandardCharsets.UTF_8));
        file.write(new byte[] {'{', '"', (byte) 0xFF, '"', '}', '\n'});
        file.write(
                ("{\"eventId\":\"" + "x".repeat(600) + "\"}\n").getBytes(StandardCharsets.UTF_8));
        file.write(VIEW.formatted(3).getBytes(StandardCharsets.UTF_8));
        Path path = dir.resolve("events.jsonl");
        Files.write(path, file.toByteArray());

        List<Ingested> records = read(path, new JsonLinesFormat("events.jsonl", 512));

        assertThat(records).hasSize(5);
        assertThat(records.get(0).event().eventId()).isEqualTo("e1");
        assertThat(records.get(1).event().eventId()).as("CRLF line end").isEqualTo("e2");
        assertThat(records.get(2).deadLetter())
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(RejectReason.INVALID_UTF8);
                            assertThat(d.sourceTopic()).isEqualTo("events.jsonl");
                            assertThat(d.sourceOffset()).as("line number").isEqualTo(4);
                            assertThat(d.value()).containsExactly('{', '"', (byte) 0xFF, '"', '}');
                        });
        assertThat(records.get(3).deadLetter())
                .satisfies(
                        d -> {
                            assertThat(d.reason()).isEqualTo(RejectReason.OVERSIZED);
                            assertThat(d.detail()).contains("614 bytes; the limit is 512");
                            assertThat(d.sourceOffset()).isEqualTo(5);
                        });
        assertThat(records.get(4).event().eventId())
                .as("last line without newline")
                .isEqualTo("e3");
    }

    private static List<Ingested> read(Path path, JsonLinesFormat format) throws Exception {
        List<Ingested> records = new ArrayList<>();
        org.apache.flink.core.fs.Path file = new org.apache.flink.core.fs.Path(path.toUri());
        try (StreamFormat.Reader<Ingested> reader =
                format.createReader(
                        new Configuration(),
                        LocalFileSystem.getSharedInstance().open(file),
                        Files.size(path),
                        Files.size(path))) {
            Ingested record;
            while ((record = reader.read()) != null) {
                records.add(record);
            }
        }
        return records;
    }
}
