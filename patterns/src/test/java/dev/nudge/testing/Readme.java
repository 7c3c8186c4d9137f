package dev.nudge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The parts of the README written from declarations in the code, between {@code <!-- BEGIN written
 * from ... -->} and {@code <!-- END written from ... -->}. A test compares each with what the
 * declarations say now; run it with {@code -Dreadme.write=true} to write them instead.
 */
public final class Readme {
    /** The README, from a module's directory, where tests run. */
    public static final Path FILE = Path.of("..", "README.md");

    private Readme() {}

    /** The README's text. */
    public static String text() throws IOException {
        return Files.readString(FILE, StandardCharsets.UTF_8);
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
        String readme = text();
        String begin = "<!-- BEGIN written from " + source + " -->\n";
        String end = "<!-- END written from " + source + " -->";
        int from = readme.indexOf(begin);
        int to = readme.indexOf(end, from);
        assertThat(from)
                .as("the README marks where the table written from %s goes", source)
                .isNotNegative();
        assertThat(to).as("the README marks where that table ends").isNotNegative();
        String written = readme.substring(from + begin.length(), to);
        if (Boolean.getBoolean("readme.write")) {
            write(readme.substring(0, from + begin.length()) + expected + readme.substring(to));
            return;
        }
        assertThat(written)
                .as(
                        "the README's table written from %s; to write it again, run mvn -o test"
                                + " -pl patterns,jobs -Dtest=%s -Dreadme.write=true",
                        source, test)
                .isEqualTo(expected);
    }

    /** Writes the README with {@code text}. */
    public static void write(String text) throws IOException {
        Files.writeString(FILE, text, StandardCharsets.UTF_8);
    }

    /** Whether the tests were asked to write the README rather than check it. */
    public static boolean writing() {
        return Boolean.getBoolean("readme.write");
    }
}
