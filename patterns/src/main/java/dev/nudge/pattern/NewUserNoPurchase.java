package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.WindowParams;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * {@code NEW_USER_NO_PURCHASE} (SPEC §5): a REGISTER not followed by a PURCHASE within {@code
 * window}. Fires at REGISTER + window. A REGISTER of a user who has already bought opens nothing
 * (they are not new); a REGISTER while an episode is open joins it.
 */
public final class NewUserNoPurchase implements Detector<NewUserNoPurchase.Registration> {
    private final PatternSpec spec;
    private final long window;

    public NewUserNoPurchase(PatternSpec spec) {
        this.spec = spec;
        this.window = ((WindowParams) spec.params()).window().toMillis();
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Registration newState() {
        return new Registration();
    }

    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.REGISTER || type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(Registration registration, UserEvent event, DetectorContext context) {
        if (event.type() == EventType.REGISTER) {
            if (!registration.isOpen() && context.profile().purchases() == 0) {
                registration.at = event.ts();
                registration.eventId = event.eventId();
            }
        } else if (event.type() == EventType.PURCHASE) {
            registration.close();
        }
    }

    @Override
    public long nextDeadline(Registration registration) {
        return registration.isOpen() ? registration.at + window : Long.MAX_VALUE;
    }

    @Override
    public void onDeadline(Registration registration, long time, DetectorContext context) {
        if (!registration.isOpen() || time < registration.at + window) {
            return;
        }
        context.emit(
                new Match(
                        spec.id(),
                        PatternType.NEW_USER_NO_PURCHASE,
                        context.userId(),
                        registration.at + window,
                        registration.at,
                        List.of(registration.eventId),
                        ActionParams.NONE,
                        "registered at "
                                + Sentences.clock(registration.at, context.zone())
                                + " and has not bought anything within "
                                + Durations.inWords(Duration.ofMillis(window))));
        registration.close();
    }

    /** Matches come only at deadlines a window after the REGISTER. */
    @Override
    public long releaseSlack(EventType type) {
        return window;
    }

    @Override
    public long openSince(Registration registration) {
        return registration.isOpen() ? registration.at : Times.NONE;
    }

    static Registration readState(StateInput in) throws IOException {
        Registration registration = new Registration();
        registration.at = in.readTime();
        if (registration.isOpen()) {
            registration.eventId = in.readString();
        }
        return registration;
    }

    /** The open registration of one user, if any. */
    public static final class Registration implements DetectorState {
        private long at = Times.NONE;
        private String eventId;

        boolean isOpen() {
            return at != Times.NONE;
        }

        @Override
        public boolean isIdle() {
            return !isOpen();
        }

        void close() {
            at = Times.NONE;
            eventId = null;
        }

        @Override
        public void write(StateOutput out) {
            out.writeTime(at);
            if (isOpen()) {
                out.writeString(eventId);
            }
        }
    }
}
