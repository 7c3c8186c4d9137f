package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tests for {@link PatternsConfigReader}. */
class PatternsConfigReaderPropertyTest {
    private static final Path SHIPPED = Path.of("../config/patterns.yaml");
    private static final long SEED = 20_261_124L;
    private static final int DOCUMENTS = 10_000;

    /** The longest an error may print: a path, a value found and what is expected, all cut. */
    private static final int MAX_ERROR_LENGTH = 800;

    /** What an operator or a hostile publisher might put into a document. */
    private static final List<String> TOKENS =
            List.of(
                    "&a ",
                    "*a",
                    "<<: *a",
                    "<<: {x: 1}",
                    "!!binary ",
                    "!!int ",
                    "!!str ",
                    "!x ",
                    "! ",
                    "!<tag:yaml.org,2002:str> ",
                    "---\n",
                    "...\n",
                    "%YAML 1.1\n",
                    "%TAG !e! tag:e,2026:\n",
                    "{",
                    "}",
                    "[",
                    "]",
                    ",",
                    ":",
                    ": ",
                    "- ",
                    "? ",
                    "\t",
                    "\"",
                    "'",
                    "|\n",
                    ">-\n",
                    "#",
                    "~",
                    "null",
                    "",
                    "[]",
                    "{}",
                    ".nan",
                    ".inf",
                    "-.Inf",
                    "1e400",
                    "-1e-400",
                    "99999999999999999999999999999",
                    "0x7fffffff",
                    "0b101",
                    "0o17",
                    "1_000",
                    "+1",
                    "-0",
                    "true",
                    "yes",
                    "off",
                    "\\u0000",
                    "\\x07",
                    "\"\\uD800\"",
                    "\"\\\"\"",
                    "\n",
                    "\r\n",
                    "\r",
                    "  ",
                    "@",
                    "`",
                    "%",
                    "\u00A0",
                    "\uFEFF",
                    "\u202E",
                    "\u2028",
                    "\u0085",
                    "\uFFFD",
                    "\uD83D\uDE00",
                    "é",
                    "版",
                    "version: ",
                    "patterns: ",
                    "id: ",
                    "type: ",
                    "SEQUENCE",
                    "steps: []",
                    "steps: [{type: []}]",
                    "times: 3",
                    "oneOrMore: true",
                    "after: notNext",
                    "type: [VIEW, VIEW]",
                    "minPrice: 5",
                    "maxPrice: 1",
                    "within: 0s",
                    "template: ",
                    "offer: ",
                    "holdoutSalt: ",
                    "channels: [PUSH, PUSH]",
                    "frequencyCaps: ",
                    "audience: {segments: []}",
                    "window: 99999999d",
                    "window: 1ms",
                    "priority: -1",
                    "cooldown: 0s",
                    "enabled: maybe",
                    "\"x\": 1",
                    "{\"version\": \"1\"}");

    @Test
    void everyMutationOfTheShippedFileIsAConfigurationOrErrorsOfBoundedLength() throws Exception {
        byte[] shipped = Files.readAllBytes(SHIPPED);

        long valid =
                IntStream.range(0, DOCUMENTS)
                        .parallel()
                        .filter(i -> readsOrRejects(mutated(shipped, i), i, i % 10 == 0))
                        .count();

        assertThat(DOCUMENTS - valid).as("documents rejected").isGreaterThan(DOCUMENTS / 2);
        assertThat(valid)
                .as("documents still valid after a mutation")
                .isGreaterThan(DOCUMENTS / 50);
    }

    @Test
    void hostileDocumentsAreRejectedWithErrorsNeverWithAnotherException() {
        List<String> documents =
                List.of(
                        "",
                        "\uFEFF",
                        " ",
                        "~",
                        "null",
                        "[]",
                        "{}",
                        "\"just a string\"",
                        "[".repeat(100_000),
                        "{\"a\":".repeat(50_000),
                        "a:\n" + " b:\n".repeat(5_000),
                        "- ".repeat(50_000) + "x",
                        "version: " + "9".repeat(200_000),
                        "version: 1e99999\npatterns: .nan\n",
                        "version: [1, 2]\npatterns: {a: 1}\n",
                        "version: 2026\npatterns: [1, \"x\", null, [], {}]\n",
                        "version: \"1\"\npatterns: [{id: null, type: null, params: null,"
                                + " audience: null, action: null}]\n",
                        "{\"version\": NaN, \"patterns\": Infinity}",
                        "{\"version\": \"1\", \"patterns\": [], \"patterns\": []}",
                        "{\"version\": 1" + "0".repeat(5_000) + "}",
                        "version: \"1\"\nversion: \"1\"\n",
                        "*a",
                        "&a [*a]",
                        "!!binary AAAA",
                        "---\n---\n---\n",
                        "? [a]\n: b\n",
                        "version: \"1\"\npatterns:\n" + "  - {}\n".repeat(20_000));
        for (int i = 0; i < documents.size(); i++) {
            String document = documents.get(i);
            assertThat(readsOrRejects(document.getBytes(StandardCharsets.UTF_8), -1 - i, true))
                    .as("document %d is invalid", i)
                    .isFalse();
        }
    }

    /**
     * Reads {@code document} the ways the job and the command line do, and checks that each gives a
     * configuration or a {@link ConfigException} whose errors are short single lines. The checks
     * are plain comparisons, and the failure message is made only on a failure: they run for every
     * error of ten thousand documents.
     *
     * @param everyWay whether to ask its declared version and read it as a Java string too, as the
     *     job still does: once in ten, since each way parses the document again
     * @return whether it is valid
     */
    private static boolean readsOrRejects(byte[] document, int index, boolean everyWay) {
        boolean valid;
        try {
            valid = PatternsConfigReader.read(document, "mutated") != null;
        } catch (ConfigException e) {
            checkBounded(e, document, index, "as bytes");
            valid = false;
        } catch (Throwable e) {
            throw new AssertionError(what(document, index) + " threw " + e, e);
        }
        if (!everyWay) {
            return valid;
        }
        String text = new String(document, StandardCharsets.UTF_8);
        try {
            PatternsConfigReader.read(text, "mutated");
        } catch (ConfigException e) {
            checkBounded(e, document, index, "as a string");
        } catch (Throwable e) {
            throw new AssertionError(what(document, index) + " as a string threw " + e, e);
        }
        for (String version :
                List.of(
                        String.valueOf(PatternsConfigReader.declaredVersion(document)),
                        String.valueOf(PatternsConfigReader.declaredVersion(text)))) {
            if (version.length() > 64) {
                fail(what(document, index) + " declares a version of " + version.length());
            }
        }
        return valid;
    }

    private static void checkBounded(ConfigException e, byte[] document, int index, String how) {
        if (e.errors().isEmpty()) {
            fail(what(document, index) + " was rejected " + how + " without an error");
        }
        for (ConfigError error : e.errors()) {
            String line = error.toString();
            boolean printable = line.chars().noneMatch(c -> c < 0x20 || c == 0x7F || c == 0x2028);
            boolean foreseen =
                    error.found() == null
                            || !error.found().startsWith(PatternsConfigReader.UNFORESEEN);
            if (line.length() > MAX_ERROR_LENGTH || !printable || !foreseen) {
                fail(what(document, index) + " read " + how + " gave the error " + line);
            }
        }
        if (e.getMessage().lines().count() > 102) {
            fail(what(document, index) + ": a message of more than 102 lines");
        }
    }

    /** The document, shortened, for a failure message. */
    private static String what(byte[] document, int index) {
        String text =
                new String(document, 0, Math.min(document.length, 300), StandardCharsets.UTF_8);
        return "document "
                + index
                + " ("
                + document.length
                + " bytes, starting "
                + Shown.abbreviated(text, 300)
                + ")";
    }

    /**
     * The {@code index}th document of the test: the shipped one, broken in one to three ways drawn
     * from a generator of its own, so that any document can be made again from its index alone and
     * the documents can be checked in parallel.
     */
    private static byte[] mutated(byte[] shipped, int index) {
        Random random = new Random(SEED * 31 + index);
        byte[] document = shipped;
        for (int m = 1 + random.nextInt(3); m > 0; m--) {
            document = mutate(document, random);
        }
        return document;
    }

    /** One of the ways a document gets broken, chosen at random. */
    private static byte[] mutate(byte[] document, Random random) {
        int at = random.nextInt(document.length + 1);
        return switch (random.nextInt(9)) {
            case 0 -> java.util.Arrays.copyOf(document, at);
            case 1 -> flip(document, random);
            case 2 -> splice(document, random);
            case 3, 4 -> insert(document, at, TOKENS.get(random.nextInt(TOKENS.size())));
            case 5 -> replaceValue(document, random);
            case 6 -> insert(document, at, nesting(random));
            case 7 ->
                    insert(
                            document,
                            at,
                            String.valueOf((char) ('a' + random.nextInt(26)))
                                    .repeat(size(random, 300_000)));
            default -> dropOrRepeatALine(document, random);
        };
    }

    private static byte[] flip(byte[] document, Random random) {
        byte[] flipped = document.clone();
        for (int i = 1 + random.nextInt(8); i > 0 && flipped.length > 0; i--) {
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
        }
        return flipped;
    }

    /** A random stretch of the document copied to a random place in it. */
    private static byte[] splice(byte[] document, Random random) {
        if (document.length == 0) {
            return document;
        }
        int from = random.nextInt(document.length);
        int to = Math.min(document.length, from + 1 + random.nextInt(200));
        int at = random.nextInt(document.length + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(document, 0, at);
        out.write(document, from, to - from);
        out.write(document, at, document.length - at);
        return out.toByteArray();
    }

    /** The value after a random {@code ": "} replaced by a token. */
    private static byte[] replaceValue(byte[] document, Random random) {
        String text = new String(document, StandardCharsets.ISO_8859_1);
        int colon = text.indexOf(": ", random.nextInt(text.length() + 1));
        if (colon < 0) {
            return document;
        }
        int end = colon + 2;
        while (end < text.length() && ",}]\n".indexOf(text.charAt(end)) < 0) {
            end++;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(document, 0, colon + 2);
        out.writeBytes(TOKENS.get(random.nextInt(TOKENS.size())).getBytes(StandardCharsets.UTF_8));
        out.write(document, end, document.length - end);
        return out.toByteArray();
    }

    private static String nesting(Random random) {
        String[] openers = {"[", "{a: ", "- ", "{\"a\": [", "a:\n  "};
        return openers[random.nextInt(openers.length)].repeat(size(random, 50_000));
    }

    /**
     * How many times to repeat something: up to {@code large} once in 1,000 draws, else up to 100.
     * A large document takes the parser a hundred times as long as the shipped one, so a few are
     * tried here, and more on purpose in {@link
     * #hostileDocumentsAreRejectedWithErrorsNeverWithAnotherException}.
     */
    private static int size(Random random, int large) {
        return 1 + random.nextInt(random.nextInt(1_000) == 0 ? large : 100);
    }

    private static byte[] dropOrRepeatALine(byte[] document, Random random) {
        String text = new String(document, StandardCharsets.ISO_8859_1);
        List<String> lines = new java.util.ArrayList<>(List.of(text.split("\n", -1)));
        int line = random.nextInt(lines.size());
        if (random.nextBoolean()) {
            lines.remove(line);
        } else {
            lines.add(line, lines.get(line));
        }
        return String.join("\n", lines).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] insert(byte[] document, int at, String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(document, 0, at);
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
        out.write(document, at, document.length - at);
        return out.toByteArray();
    }
}
