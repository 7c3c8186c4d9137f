package dev.nudge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parts of the README and of {@code docs/} written from declarations in the code, between
 * {@code <!-- BEGIN written from ... -->} and {@code <!-- END written from ... -->}. A test
 * compares each with what the declarations say now; run it with {@code -Dreadme.write=true} to
 * write them instead.
 */
public final class Readme {
    /** The README, from a module's directory, where tests run. */
    public static final Path FILE = Path.of("..", "README.md");

    /** The reference documents next to it. */
    public static final Path DOCS = Path.of("..", "docs");

    private Readme() {}

    /** The README's text. */
    public static String text() throws IOException {
        return text(FILE);
    }

    /** The text of one of the documents. */
    public static String text(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    /** The README or the document of {@code docs/} that holds {@code marker}. */
    public static Path fileWith(String marker) throws IOException {
        List<Path> files = new ArrayList<>(List.of(FILE));
        try (Stream<Path> docs = Files.list(DOCS)) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        for (Path file : files) {
            if (text(file).contains(marker)) {
                return file;
            }
        }
        throw new AssertionError("no document holds " + marker.strip());
    }

    /**
     * Checks that the part of the README written from {@code source} is {@code expected}, or, with
     * {@code -Dreadme.write=true}, makes it so.
     *
     * @param source names the declarations, e.g. {@code PatternsYaml}
     * @param test the test that checks it, for the message that says how to write it
     */
    public static void assertWritten(String source, String expected, String test)
            throws IOException {
        String begin = "<!-- BEGIN written from " + source + " -->\n";
        String end = "<!-- END written from " + source + " -->";
        Path file = fileWith(begin);
        String readme = text(file);
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end, from);
        assertThat(from)
                .as("the README marks where the table written from %s goes", source)
                .isNotNegative();
        assertThat(to).as("the README marks where that table ends").isNotNegative();
        String written = readme.substring(from + begin.length(), to);
        if (Boolean.getBoolean("readme.write")) {
            write(
                    file,
                    readme.substring(0, from + begin.length()) + expected + readme.substring(to));
            return;
        }
        assertThat(written)
                .as(
                        "the table of %s written from %s; to write it again, run mvn -o test"
                                + " -pl patterns,jobs -Dtest=%s -Dreadme.write=true",
                        file, source, test)
                .isEqualTo(expected);
    }

    /** Writes one of the documents with {@code text}. */
    public static void write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    /** Whether the tests were asked to write the README rather than check it. */
    public static boolean writing() {
        return Boolean.getBoolean("readme.write");
    }
}
