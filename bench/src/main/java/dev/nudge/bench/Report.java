package dev.nudge.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Prints results as they come and keeps them as Markdown for the results file. */
final class Report {
    private final StringBuilder markdown = new StringBuilder();

    void heading(String text) {
        System.out.println();
        System.out.println("== " + text);
        markdown.append("\n## ").append(text).append("\n\n");
    }

    /** A line for the console and for the file. */
    void line(String text) {
        System.out.println(text);
        markdown.append(text).append('\n');
    }

    /** A line for the console only (progress). */
    void progress(String text) {
        System.out.println("   " + text);
    }

    void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, markdown.toString(), StandardCharsets.UTF_8);
    }
}
