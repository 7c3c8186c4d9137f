package dev.nudge.config;

import dev.nudge.event.EventType;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * One entry of {@code flows}: a sequence of messages that a pattern's match starts for a user, with
 * waits, branches and an exit goal (docs/operators.md, Flows). A user walks the flow step by step
 * in event time; every send goes through the whole policy, like a pattern's action.
 *
 * @param id names the flow in decisions, actions and metrics; not the id of a pattern
 * @param enabled the flow's kill switch: switched off, its users leave it at their next wake-up and
 *     its held messages are decided {@code DISABLED}
 * @param entry the patterns whose matches enter a user
 * @param reentry how long after leaving the flow a user may enter it again; {@code null} for never
 *     (for as long as the user's state lives)
 * @param exit the flow's exit goal: reaching it ends the flow at the event, cancelling a held
 *     message
 * @param holdoutPercent the share of users held out of the flow's messages, instead of {@code
 *     policy.holdoutPercent}; {@code null} for the policy's
 * @param steps the steps; the first is where a user enters
 */
public record FlowSpec(
        String id,
        boolean enabled,
        Entry entry,
        Duration reentry,
        Exit exit,
        Double holdoutPercent,
        List<Step> steps) {

    public FlowSpec {
        steps = List.copyOf(steps);
    }

    /** The step named {@code name}, or {@code null}. */
    public Step step(String name) {
        for (Step step : steps) {
            if (step.name().equals(name)) {
                return step;
            }
        }
        return null;
    }

    /** The step a user enters at. */
    public Step first() {
        return steps.get(0);
    }

    /**
     * What a match of an entry pattern does besides entering the user: {@code INSTEAD}, the flow's
     * messages replace the pattern's own action (the match is decided {@code ENTERED_FLOW}, or
     * suppressed when the user cannot enter); {@code BESIDES}, the pattern acts as it would without
     * the flow, and the match also enters the user.
     */
    public enum EntryMode {
        INSTEAD,
        BESIDES
    }

    /** The patterns whose matches enter a user, and what becomes of their own actions. */
    public record Entry(List<String> patterns, EntryMode mode) {
        public Entry {
            patterns = List.copyOf(patterns);
        }
    }

    /**
     * What ends a flow (or a step): an event of a type or a TAG event of a declared tag ({@code
     * event}), or the user coming to have a tag ({@code segment}: a segment, stage, RFM score or
     * declared tag). Either is enough; at least one is written.
     *
     * @param event an event type of {@link #EVENT_TYPES} or a declared tag's name; or {@code null}
     * @param segment a tag the user comes to have; or {@code null}
     */
    public record Exit(String event, String segment) {

        /** The event types an exit may name; any other {@code event} is a tag's name. */
        public static final Set<EventType> EVENT_TYPES =
                Set.of(
                        EventType.PURCHASE,
                        EventType.ADD_TO_CART,
                        EventType.VIEW,
                        EventType.SEARCH,
                        EventType.FAVORITE);

        /** The exit of a flow that writes none: a purchase. */
        public static final Exit PURCHASE = new Exit(EventType.PURCHASE.name(), null);

        /** The type of the events that exit: one of {@link #EVENT_TYPES}, TAG, or {@code null}. */
        public EventType type() {
            if (event == null) {
                return null;
            }
            EventType type = EventType.byName(event);
            return type != null && EVENT_TYPES.contains(type) ? type : EventType.TAG;
        }

        /** The tag whose TAG events exit, or {@code null}. */
        public String tag() {
            return type() == EventType.TAG ? event : null;
        }
    }

    /** Where a branch looks for an event: since the user entered, or since the last send step. */
    public enum Since {
        ENTRY,
        LAST_SEND
    }

    /**
     * A test of a branch: an event of the user ({@code event}, since {@code since}), or a tag the
     * user has ({@code segment}); exactly one of the two. Message feedback counts only when it is
     * about one of the flow's own messages.
     */
    public record Condition(EventType event, Since since, String segment) {

        /** The event types a condition or a wait may name. */
        public static final Set<EventType> EVENT_TYPES =
                Set.of(
                        EventType.VIEW,
                        EventType.SEARCH,
                        EventType.FAVORITE,
                        EventType.ADD_TO_CART,
                        EventType.PURCHASE,
                        EventType.MESSAGE_DELIVERED,
                        EventType.MESSAGE_OPENED,
                        EventType.MESSAGE_CLICKED);
    }

    /** One step of a flow: a send, a wait or a branch, with a name unique in the flow. */
    public sealed interface Step permits Send, Wait, Branch {
        String name();

        /** The steps this one may go to, in the order written. */
        List<String> targets();
    }

    /**
     * Sends a message with the whole policy, then goes on to {@code next} at once.
     *
     * @param action everything a pattern's action has: channels, template, offers, variants, send
     *     time, priority, cooldown (between two sends of the flow), ttl
     * @param next the step after; {@code null} when the flow is complete after this one
     */
    public record Send(String name, ActionSpec action, String next) implements Step {
        @Override
        public List<String> targets() {
            return next == null ? List.of() : List.of(next);
        }
    }

    /**
     * Waits {@code time}; or, with {@code until}, until an event of that type comes (then {@code
     * next}) or {@code time} passes ({@code onTimeout}, or {@code next} when it names none). While
     * a user waits here, {@code exit} ends the flow as the flow's own exit does.
     *
     * @param until the event type waited for, or {@code null} to wait the whole time
     * @param exit this step's own exit, or {@code null}
     * @param next the step after; {@code null} when the flow is complete after the wait
     * @param onTimeout the step after a wait for {@code until} that timed out; {@code null} for
     *     {@code next}
     */
    public record Wait(
            String name, Duration time, EventType until, Exit exit, String next, String onTimeout)
            implements Step {

        /** Where a user goes when the wait ends without the event. */
        public String afterTimeout() {
            return onTimeout != null ? onTimeout : next;
        }

        @Override
        public List<String> targets() {
            if (next == null) {
                return onTimeout == null ? List.of() : List.of(onTimeout);
            }
            return onTimeout == null || onTimeout.equals(next)
                    ? List.of(next)
                    : List.of(next, onTimeout);
        }
    }

    /**
     * Goes at once to the {@code next} of the first case whose condition holds, or to {@code
     * otherwise}; the flow is complete when no case holds and {@code otherwise} is {@code null}.
     */
    public record Branch(String name, List<Case> cases, String otherwise) implements Step {
        public Branch {
            cases = List.copyOf(cases);
        }

        @Override
        public List<String> targets() {
            List<String> targets = new java.util.ArrayList<>();
            for (Case option : cases) {
                if (!targets.contains(option.next())) {
                    targets.add(option.next());
                }
            }
            if (otherwise != null && !targets.contains(otherwise)) {
                targets.add(otherwise);
            }
            return List.copyOf(targets);
        }
    }

    /** One case of a branch: where to go when {@code when} holds. */
    public record Case(Condition when, String next) {}
}
