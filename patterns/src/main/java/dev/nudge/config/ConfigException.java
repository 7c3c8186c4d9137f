package dev.nudge.config;

import java.util.List;

/** A configuration document that cannot be used, with every problem found in it. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<ConfigError> errors;

    public ConfigException(String source, List<ConfigError> errors) {
        super(summary(source, errors));
        this.errors = List.copyOf(errors);
    }

    public List<ConfigError> errors() {
        return errors;
    }

    private static String summary(String source, List<ConfigError> errors) {
        StringBuilder text =
                new StringBuilder(source)
                        .append(" has ")
                        .append(errors.size())
                        .append(errors.size() == 1 ? " error:" : " errors:");
        for (ConfigError error : errors) {
            text.append("\n  ").append(error);
        }
        return text.toString();
    }
}
