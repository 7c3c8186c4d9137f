package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link DocumentText}, through the reader of documents as bytes. */
class DocumentTextTest {
    private static final Path SHIPPED = Path.of("../config/patterns.yaml");

    @TempDir Path dir;

    @Test
    void theShippedFileIsReadAsBytes() throws Exception {
        byte[] shipped = Files.readAllBytes(SHIPPED);

        assertThat(PatternsConfigReader.read(shipped, "patterns.yaml").version())
                .isEqualTo("2026-12-03.2");
        assertThat(PatternsConfigReader.problems(shipped)).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreAnErrorSayingWhereNeverAReplacementCharacter() {
        byte[] document =
                bytes("version: \"1\"\npatterns: []\n# caf", new byte[] {(byte) 0xFF}, "\n");

        assertThat(PatternsConfigReader.problems(document))
                .singleElement()
                .hasToString(
                        "(document): not valid UTF-8: byte 0xFF at line 3, column 6 (offset 31)"
                                + " -- expected UTF-8 text; save the file as UTF-8");
    }

    @Test
    void theColumnOfAnInvalidByteCountsCharactersNotBytes() {
        byte[] document = bytes("version: \"é\"\n# ", new byte[] {(byte) 0xC3, 0x28});

        assertThat(PatternsConfigReader.problems(document))
                .singleElement()
                .extracting(ConfigError::found)
                .isEqualTo("not valid UTF-8: byte 0xC3 at line 2, column 3 (offset 16)");
    }

    @Test
    void encodedSurrogatesAndOverlongFormsAreNotUtf8() {
        byte[] surrogate = bytes("version: \"", new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80});
        byte[] overlong = bytes("version: \"", new byte[] {(byte) 0xC0, (byte) 0xAF});

        assertThat(PatternsConfigReader.problems(surrogate))
                .singleElement()
                .satisfies(e -> assertThat(e.found()).startsWith("not valid UTF-8: byte 0xED"));
        assertThat(PatternsConfigReader.problems(overlong))
                .singleElement()
                .satisfies(e -> assertThat(e.found()).startsWith("not valid UTF-8: byte 0xC0"));
    }

    @Test
    void aBinaryFileIsNotText() {
        byte[] document = bytes("version: \"1\"\nab", new byte[] {0, 1, 2}, "");

        assertThat(PatternsConfigReader.problems(document))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.found())
                                        .isEqualTo(
                                                "not text: control character U+0000 at line 2,"
                                                        + " column 3"));
    }

    @Test
    void aStringWithALoneSurrogateOrAReplacementCharacterIsNoDocument() {
        assertThat(PatternsConfigReader.problems("version: \"a\uD800\"\n"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.found())
                                        .isEqualTo("a lone surrogate U+D800 at line 1, column 12"));
        assertThat(PatternsConfigReader.problems("version: \"caf\uFFFD\"\n"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.found())
                                        .isEqualTo(
                                                "the replacement character U+FFFD at line 1,"
                                                        + " column 14"));
    }

    @Test
    void aByteOrderMarkAtTheStartIsIgnoredAndALoneOneIsAnEmptyDocument() throws Exception {
        byte[] mark = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] shipped = Files.readAllBytes(SHIPPED);

        assertThat(PatternsConfigReader.read(bytes("", mark, new String(shipped, "UTF-8")), "bom"))
                .isEqualTo(PatternsConfigReader.read(shipped, "shipped"));
        assertThat(PatternsConfigReader.problems(mark))
                .singleElement()
                .hasToString("(document): nothing -- expected a YAML or JSON object");
        assertThat(PatternsConfigReader.problems(new byte[0]))
                .singleElement()
                .hasToString("(document): nothing -- expected a YAML or JSON object");
    }

    @Test
    void aDocumentLargerThanTheLimitIsRejectedBeforeItIsParsed() {
        String padding = "#".repeat(ConfigLimits.MAX_DOCUMENT_BYTES) + "\n";
        String tooLarge = "version: \"1\"\npatterns: []\n" + padding;

        List<ConfigError> errors = PatternsConfigReader.problems(tooLarge);

        assertThat(errors)
                .singleElement()
                .hasToString(
                        "(document): too large: 262,171 bytes -- expected at most 262,144 bytes"
                                + " (256 KiB) for a patterns document");
        assertThat(PatternsConfigReader.problems(tooLarge.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(errors);
    }

    @Test
    void aDocumentOfExactlyTheLimitIsRead() throws Exception {
        String document = "version: \"1\"\npatterns: []\n";
        String padded = document + "#".repeat(ConfigLimits.MAX_DOCUMENT_BYTES - document.length());

        assertThat(padded.getBytes(StandardCharsets.UTF_8))
                .hasSize(ConfigLimits.MAX_DOCUMENT_BYTES);
        assertThat(PatternsConfigReader.read(padded, "padded").version()).isEqualTo("1");
    }

    @Test
    void aFileIsReadAsBytesAndAtMostOneBytePastTheLimit() throws Exception {
        Path latin1 = dir.resolve("latin1.yaml");
        Files.write(latin1, "version: \"caf\u00e9\"\n".getBytes(StandardCharsets.ISO_8859_1));
        Path large = dir.resolve("large.yaml");
        Files.write(large, new byte[3 * ConfigLimits.MAX_DOCUMENT_BYTES]);

        assertThatThrownBy(() -> PatternsConfigReader.read(latin1))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("not valid UTF-8: byte 0xE9 at line 1, column 14");
        assertThatThrownBy(() -> PatternsConfigReader.read(large))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("too large: 786,432 bytes");
    }

    @Test
    void theDeclaredVersionOfAnyBytesIsShortOrNullAndNeverThrows() {
        assertThat(PatternsConfigReader.declaredVersion(bytes("version: \"7\"\npatterns: x\n")))
                .isEqualTo("7");
        assertThat(PatternsConfigReader.declaredVersion(bytes("version: \"a", new byte[] {-1})))
                .isNull();
        assertThat(PatternsConfigReader.declaredVersion(new byte[] {0, 1, 2})).isNull();
        assertThat(PatternsConfigReader.declaredVersion(bytes("[1, 2]"))).isNull();
        assertThat(PatternsConfigReader.declaredVersion(bytes("version: {a: 1}"))).isNull();
        assertThat(PatternsConfigReader.declaredVersion(bytes("version: [")))
                .as("a syntax error")
                .isNull();
        assertThat(PatternsConfigReader.declaredVersion("version: \"v\\n\\u001B\"\n"))
                .isEqualTo("v\\n\\u001B");
        assertThat(
                        PatternsConfigReader.declaredVersion(
                                bytes("version: \"" + "9".repeat(400_000) + "\"\n")))
                .as("larger than a document may be")
                .isNull();
        assertThat(
                        PatternsConfigReader.declaredVersion(
                                bytes("version: \"" + "9".repeat(100_000) + "\"\n")))
                .hasSize(64)
                .endsWith("9…");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String before, byte[] raw, String after) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(raw);
        out.writeBytes(after.getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] bytes(String before, byte[] raw) {
        return bytes(before, raw, "");
    }
}
