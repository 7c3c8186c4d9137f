package dev.nudge.config;

import dev.nudge.event.EventType;
import java.time.Duration;
import java.util.List;

/**
 * What a pattern's message is meant to bring about ({@code action.goal}): the event that counts as
 * converting, and within how long after the send. A message is judged by the last touch: the goal
 * of the user's latest SENT or HOLDOUT decision is the one an event is held against.
 *
 * @param event {@code PURCHASE}, {@code ADD_TO_CART}, {@code VIEW}, or the name of a tag set from
 *     outside (a {@code TAG} event with that {@code tag})
 * @param within how long after the send the event counts; {@code null} for {@code
 *     policy.attributionWindow}, as it is when the event comes
 */
public record Goal(String event, Duration within) {

    /** The event types a goal may name by type; any other goal is a tag's name. */
    public static final List<EventType> EVENT_TYPES =
            List.of(EventType.PURCHASE, EventType.ADD_TO_CART, EventType.VIEW);

    /** The goal of a pattern that names none: a purchase within the attribution window. */
    public static final Goal PURCHASE = new Goal(EventType.PURCHASE.name(), null);

    /** The type of the events that may convert: one of {@link #EVENT_TYPES}, or {@code TAG}. */
    public EventType type() {
        EventType type = EventType.byName(event);
        return type != null && EVENT_TYPES.contains(type) ? type : EventType.TAG;
    }

    /** The tag whose TAG events convert, or {@code null} for a goal of another type. */
    public String tag() {
        return type() == EventType.TAG ? event : null;
    }
}
