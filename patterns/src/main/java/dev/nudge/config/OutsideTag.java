package dev.nudge.config;

import java.util.List;

/**
 * A tag set on users from outside by {@code TAG} events (a CRM tier, a model's score band, a survey
 * answer), declared in {@code tags:}. Only declared tags are kept in profiles.
 *
 * @param values the values a TAG event may give it; empty for any value, or none
 */
public record OutsideTag(List<String> values) {
    public static final OutsideTag ANY_VALUE = new OutsideTag(List.of());

    public OutsideTag {
        values = List.copyOf(values);
    }

    /** Whether a TAG event's {@code value} (or {@code null}) is one this tag takes. */
    public boolean takes(String value) {
        return values.isEmpty() || (value != null && values.contains(value));
    }
}
