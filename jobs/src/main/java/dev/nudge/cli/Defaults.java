package dev.nudge.cli;

import dev.nudge.config.ConfigException;
import dev.nudge.job.JobSettings;
import dev.nudge.job.JobSettingsReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The shipped configuration files, packaged in the jar, for commands run without them. */
public final class Defaults {
    private Defaults() {}

    /** {@code config/patterns.yaml} as shipped. */
    static String patternsDocument() {
        return resource("config/patterns.yaml");
    }

    /** {@code config/job.yaml} as shipped. */
    public static JobSettings jobSettings() {
        try {
            return JobSettingsReader.read(
                    resource("config/job.yaml"), "config/job.yaml (built in)");
        } catch (ConfigException e) {
            throw new IllegalStateException("the built-in job.yaml is invalid", e);
        }
    }

    private static String resource(String name) {
        try (InputStream in = Defaults.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
