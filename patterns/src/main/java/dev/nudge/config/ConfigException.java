package dev.nudge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A configuration document that cannot be used, with every problem found in it. Its message lists
 * the first {@link ConfigLimits#MAX_LISTED_ERRORS} of them, so that it stays bounded however many
 * there are; {@link #errors()} has them all.
 */
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

    /** {@link #firstErrors(List, int)} of this document's errors. */
    public List<String> firstErrors(int limit) {
        return firstErrors(errors, limit);
    }

    /**
     * The first {@code limit} errors, one line each, and when there are more, a last line that
     * counts them: {@code "... and 4,900 more errors"}. So an answer or a listing of errors has at
     * most {@code limit + 1} lines, each of bounded length, however broken the document is.
     */
    public static List<String> firstErrors(List<ConfigError> errors, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must not be negative: " + limit);
        }
        int listed = Math.min(limit, errors.size());
        List<String> lines = new ArrayList<>(listed + 1);
        for (int i = 0; i < listed; i++) {
            lines.add(errors.get(i).toString());
        }
        int more = errors.size() - listed;
        if (more > 0) {
            lines.add(
                    String.format(
                            Locale.ROOT, "... and %,d more error%s", more, more == 1 ? "" : "s"));
        }
        return lines;
    }

    private static String summary(String source, List<ConfigError> errors) {
        StringBuilder text =
                new StringBuilder(source)
                        .append(" has ")
                        .append(errors.size())
                        .append(errors.size() == 1 ? " error:" : " errors:");
        for (String line : firstErrors(errors, ConfigLimits.MAX_LISTED_ERRORS)) {
            text.append("\n  ").append(line);
        }
        return text.toString();
    }
}
