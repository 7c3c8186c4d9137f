package dev.nudge.journey;

import dev.nudge.event.UserEvent;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's events that have arrived but that the watermark has not yet passed, in processing order:
 * by time, equal times in session order, then in arrival order. Events mostly arrive in order, so
 * insertion usually appends.
 */
final class PendingEvents {
    private final List<UserEvent> events = new ArrayList<>(4);

    void add(UserEvent event) {
        int at = events.size();
        while (at > 0 && comesBefore(event, events.get(at - 1))) {
            at--;
        }
        events.add(at, event);
    }

    UserEvent peek() {
        return events.isEmpty() ? null : events.get(0);
    }

    UserEvent poll() {
        return events.remove(0);
    }

    int size() {
        return events.size();
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    List<UserEvent> view() {
        return events;
    }

    private static boolean comesBefore(UserEvent a, UserEvent b) {
        if (a.ts() != b.ts()) {
            return a.ts() < b.ts();
        }
        return a.type().sessionOrder() < b.type().sessionOrder();
    }
}
