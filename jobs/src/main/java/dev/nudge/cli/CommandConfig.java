package dev.nudge.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * A {@code --command-config} file: more Kafka client properties for a command that talks to the
 * broker (security, timeouts), as Kafka's own tools take them.
 */
final class CommandConfig {
    private CommandConfig() {}

    /** Adds the properties of {@code file} to {@code client}, if a file is given. */
    static Properties addTo(Properties client, Path file) throws IOException {
        if (file != null) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                client.load(reader);
            }
        }
        return client;
    }
}
