package dev.nudge.flow;

import dev.nudge.config.Audience;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Schedule;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.profile.ProfileView;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The flows of one configuration, and the walk of a user through them in event time (README,
 * Flows). A match of an entry pattern enters the user at the flow's first step; steps run until the
 * user waits, leaves or completes the flow: a send hands a match for the step to the policy (the
 * {@link User}), a branch goes on at once, a wait sets the deadline the user is woken at, or ends
 * early at the event it waits for. The exit goal ends the flow at the event, whatever the step.
 *
 * <p>A live change applies at the user's next wake-up: the user stays at the step of the same name,
 * with the deadline set when they reached it (a changed duration applies from the next time a user
 * reaches the step); a step or flow that is gone, or a flow switched off, takes the user out
 * (LEFT).
 *
 * <p>One instance serves all users of an engine, one call at a time.
 */
public final class Flows {
    /** Feedback on messages: counts for a flow only when it is about one of the flow's. */
    private static final int FEEDBACK =
            (1 << EventType.MESSAGE_DELIVERED.ordinal())
                    | (1 << EventType.MESSAGE_OPENED.ordinal())
                    | (1 << EventType.MESSAGE_CLICKED.ordinal());

    private final PatternsConfig config;
    private final Map<String, FlowSpec> byId = new HashMap<>();
    private final Map<String, List<FlowSpec>> byEntry = new HashMap<>();

    /** Each send step as the policy meets it: a pattern of its own, keyed flow id, then step. */
    private final Map<String, Map<String, PatternSpec>> senders = new HashMap<>();

    public Flows(PatternsConfig config) {
        this.config = config;
        for (FlowSpec flow : config.flows()) {
            byId.put(flow.id(), flow);
            for (String pattern : flow.entry().patterns()) {
                byEntry.computeIfAbsent(pattern, p -> new ArrayList<>(1)).add(flow);
            }
            Map<String, PatternSpec> steps = new HashMap<>();
            for (FlowSpec.Step step : flow.steps()) {
                if (step instanceof FlowSpec.Send send) {
                    steps.put(
                            send.name(),
                            new PatternSpec(
                                    flow.id() + "/" + send.name(),
                                    null,
                                    flow.enabled(),
                                    null,
                                    Audience.EVERYONE,
                                    send.action(),
                                    Schedule.ALWAYS,
                                    flow.holdoutPercent()));
                }
            }
            senders.put(flow.id(), steps);
        }
    }

    /** What the walk needs of the user and of the policy. */
    public interface User {
        String userId();

        /** The user's event-time clock. */
        long now();

        /** The user's profile; read it, never keep it. */
        ProfileView profile();

        FlowPositions flowPositions();

        /** Whether the user is in the flow's holdout group. */
        boolean inHoldout(FlowSpec flow);

        /** Takes a send step's match through the policy. */
        void send(Match match);

        /** The user reached the flow's exit: what the flow holds for later must not go. */
        void exited(String flowId);

        void flowEvent(FlowEvent event);
    }

    /** Why a user could not enter a flow. */
    public enum Refusal {
        /** The flow is switched off. */
        DISABLED,
        /** The user is in the flow already. */
        IN_FLOW,
        /** The user left the flow less than {@code reentry} ago, or it allows no re-entry. */
        REENTRY
    }

    /**
     * What a match of an entry pattern did: the flows it entered, in the configuration's order (the
     * first one names the match's decision), or, when it entered none, why not (the first flow's
     * refusal).
     */
    public record Entry(List<String> entered, Refusal refusal) {}

    /** Whether matches of the pattern enter flows. */
    public boolean entersFlows(String patternId) {
        return byEntry.containsKey(patternId);
    }

    /** Whether the pattern's own action gives way to the flows its matches enter. */
    public boolean replacesAction(String patternId) {
        List<FlowSpec> flows = byEntry.get(patternId);
        return flows != null && flows.get(0).entry().mode() == FlowSpec.EntryMode.INSTEAD;
    }

    /**
     * The send step of a flow match as the policy meets it: its action, the flow's switch and
     * holdout, everyone its audience; {@code null} when the flow or the step is gone.
     */
    public PatternSpec sender(Match.FlowStep step) {
        Map<String, PatternSpec> steps = senders.get(step.flowId());
        return steps == null ? null : steps.get(step.step());
    }

    /** Whether the event is the flow's exit event. */
    public boolean exitsOn(String flowId, UserEvent event) {
        FlowSpec flow = byId.get(flowId);
        return flow != null && matches(flow.exit(), event);
    }

    /**
     * A match of a pattern that enters flows: the user enters, at the match's trigger time, each of
     * them that they may; {@link #start} then walks them.
     */
    public Entry enter(User user, Match match) {
        List<String> entered = new ArrayList<>(1);
        Refusal refusal = null;
        FlowPositions positions = user.flowPositions();
        for (FlowSpec flow : byEntry.getOrDefault(match.patternId(), List.of())) {
            Refusal refused = refusal(positions, flow, user.now());
            if (refused != null) {
                refusal = refusal == null ? refused : refusal;
                continue;
            }
            FlowPosition position = positions.find(flow.id());
            if (position == null) {
                position = new FlowPosition(flow.id());
                positions.positions.add(position);
            }
            position.enter(
                    flow.first().name(),
                    match.patternId(),
                    match.type(),
                    match.params(),
                    user.now());
            entered.add(flow.id());
            event(user, flow, FlowEvent.Kind.ENTERED, null);
            event(user, flow, FlowEvent.Kind.REACHED, position.step);
        }
        return new Entry(entered, entered.isEmpty() ? refusal : null);
    }

    /** Walks the users just entered as far as their flows go now. */
    public void start(User user, Entry entry) {
        for (String flowId : entry.entered()) {
            FlowPosition position = user.flowPositions().find(flowId);
            if (position != null && position.isIn()) {
                walk(user, position);
            }
        }
    }

    private static Refusal refusal(FlowPositions positions, FlowSpec flow, long now) {
        if (!flow.enabled()) {
            return Refusal.DISABLED;
        }
        FlowPosition position = positions.find(flow.id());
        if (position == null) {
            return null;
        }
        if (position.isIn()) {
            return Refusal.IN_FLOW;
        }
        if (flow.reentry() == null || now < position.leftAt + flow.reentry().toMillis()) {
            return Refusal.REENTRY;
        }
        return null;
    }

    /**
     * The user's clock reached {@code time}: every wait that ends by then ends, and the users walk
     * on, earliest deadline first.
     */
    public void onTime(User user, long time) {
        FlowPositions positions = user.flowPositions();
        while (positions.nextDeadline() <= time) {
            FlowPosition due = null;
            for (FlowPosition position : positions.positions) {
                if (position.deadline != Times.NONE
                        && (due == null || position.deadline < due.deadline)) {
                    due = position;
                }
            }
            walk(user, due);
        }
        dropGone(positions);
    }

    /**
     * An event of the user, after the profile took it in: what each flow the user is in saw since
     * entering and since its last send, the exit goals (the flow's and the waiting step's), and the
     * waits for an event of its type.
     *
     * @param feedbackOn the low half of the action id the event is feedback on, or 0 for any other
     *     event
     */
    public void onEvent(User user, UserEvent event, long feedbackOn) {
        FlowPositions positions = user.flowPositions();
        if (positions.isEmpty()) {
            return;
        }
        EventType type = event.type();
        boolean feedback = (FEEDBACK & (1 << type.ordinal())) != 0;
        for (int i = 0; i < positions.positions.size(); i++) {
            FlowPosition position = positions.positions.get(i);
            FlowSpec flow = byId.get(position.flowId);
            if (!position.isIn() || flow == null) {
                continue;
            }
            boolean counts = !feedback || (feedbackOn != 0 && position.sentAction(feedbackOn));
            if (counts) {
                position.saw(
                        type,
                        !feedback
                                || (position.lastSendId != 0 && position.lastSendId == feedbackOn));
            }
            FlowSpec.Step step = flow.step(position.step);
            FlowSpec.Exit stepExit = step instanceof FlowSpec.Wait wait ? wait.exit() : null;
            if (matches(flow.exit(), event)
                    || matches(stepExit, event)
                    || inSegment(flow.exit(), user)
                    || inSegment(stepExit, user)) {
                exit(user, flow, position);
            } else if (counts && step instanceof FlowSpec.Wait wait && wait.until() == type) {
                moveTo(user, flow, position, wait.next());
                walk(user, position);
            }
        }
    }

    /** The user is erased or expired: they leave every flow, and nothing is remembered of them. */
    public void forget(User user, String why) {
        for (FlowPosition position : user.flowPositions().positions) {
            if (position.isIn()) {
                leave(user, byId.get(position.flowId), position, why);
            }
        }
        user.flowPositions().clear();
    }

    /** A message of the flow went: feedback on it now counts for the flow. */
    public void sent(FlowPositions positions, Match.FlowStep step, long stepAt, long actionId) {
        FlowPosition position = positions.find(step.flowId());
        if (position != null && position.isIn()) {
            position.sent(actionId, stepAt);
        }
    }

    /** The flow-step match that the policy decides for a send step. */
    private Match sendMatch(User user, FlowSpec flow, FlowPosition position, String step) {
        return new Match(
                position.patternId,
                position.type,
                user.userId(),
                user.now(),
                position.enteredAt,
                List.of(),
                position.params,
                "step "
                        + step
                        + " of flow "
                        + flow.id()
                        + ", entered "
                        + Times.utc(position.enteredAt)
                        + " after a match of "
                        + position.patternId,
                new Match.FlowStep(flow.id(), step));
    }

    /**
     * Runs the user's steps from where they are until they wait, leave or complete the flow. A
     * cycle without a wait is refused when the flow is read; the walk still stops after as many
     * steps as the flow has, taking the user out, so that no configuration can hold a user in a
     * loop.
     */
    private void walk(User user, FlowPosition position) {
        FlowSpec flow = byId.get(position.flowId);
        for (int hops = 0; position.isIn(); hops++) {
            String gone = gone(flow, position);
            if (gone != null) {
                leave(user, flow, position, gone);
                return;
            }
            if (hops > flow.steps().size()) {
                leave(user, flow, position, "a cycle without a wait");
                return;
            }
            if (inSegment(flow.exit(), user)) {
                exit(user, flow, position);
                return;
            }
            FlowSpec.Step step = flow.step(position.step);
            if (step instanceof FlowSpec.Send send) {
                position.reachedSend(user.now());
                user.send(sendMatch(user, flow, position, send.name()));
                moveTo(user, flow, position, send.next());
            } else if (step instanceof FlowSpec.Branch branch) {
                moveTo(user, flow, position, choose(user, position, branch));
            } else if (step instanceof FlowSpec.Wait wait) {
                if (inSegment(wait.exit(), user)) {
                    exit(user, flow, position);
                    return;
                }
                if (position.deadline == Times.NONE) {
                    position.deadline = Times.saturatedAdd(position.stepAt, wait.time().toMillis());
                }
                if (position.deadline > user.now()) {
                    return;
                }
                if (wait.until() != null) {
                    event(user, flow, FlowEvent.Kind.TIMED_OUT, position.step);
                }
                moveTo(user, flow, position, wait.afterTimeout());
            }
        }
    }

    /** Why the user's place is no longer in the configuration, or {@code null} if it is. */
    private static String gone(FlowSpec flow, FlowPosition position) {
        if (flow == null) {
            return "the flow was removed";
        }
        if (!flow.enabled()) {
            return "the flow was switched off";
        }
        if (flow.step(position.step) == null) {
            return "the step was removed";
        }
        return null;
    }

    private String choose(User user, FlowPosition position, FlowSpec.Branch branch) {
        for (FlowSpec.Case option : branch.cases()) {
            FlowSpec.Condition when = option.when();
            boolean holds =
                    when.segment() != null
                            ? user.profile().has(when.segment(), user.now())
                            : position.seen(when.event(), when.since() == FlowSpec.Since.LAST_SEND);
            if (holds) {
                return option.next();
            }
        }
        return branch.otherwise();
    }

    private void moveTo(User user, FlowSpec flow, FlowPosition position, String next) {
        if (next == null) {
            event(user, flow, FlowEvent.Kind.COMPLETED, null);
            position.leave(user.now());
            return;
        }
        position.moveTo(next, user.now());
        event(user, flow, FlowEvent.Kind.REACHED, next);
    }

    private void exit(User user, FlowSpec flow, FlowPosition position) {
        event(user, flow, FlowEvent.Kind.EXITED, position.step);
        position.leave(user.now());
        user.exited(flow.id());
    }

    /** The user leaves the flow (which may be gone from the configuration) for {@code why}. */
    private void leave(User user, FlowSpec flow, FlowPosition position, String why) {
        user.flowEvent(
                new FlowEvent(
                        user.userId(),
                        position.flowId,
                        position.step,
                        FlowEvent.Kind.LEFT,
                        user.now(),
                        flow != null && user.inHoldout(flow),
                        config.version(),
                        why));
        position.leave(user.now());
    }

    private void event(User user, FlowSpec flow, FlowEvent.Kind kind, String step) {
        user.flowEvent(
                new FlowEvent(
                        user.userId(),
                        flow.id(),
                        step,
                        kind,
                        user.now(),
                        user.inHoldout(flow),
                        config.version(),
                        null));
    }

    /** Forgets what is kept only for a flow no longer configured. */
    private void dropGone(FlowPositions positions) {
        positions.positions.removeIf(p -> !p.isIn() && !byId.containsKey(p.flowId));
    }

    /** Takes users out of flows that are gone; called at every wake-up's end. */
    public void tidy(User user) {
        FlowPositions positions = user.flowPositions();
        for (FlowPosition position : positions.positions) {
            if (position.isIn()) {
                FlowSpec flow = byId.get(position.flowId);
                String gone = gone(flow, position);
                if (gone != null) {
                    leave(user, flow, position, gone);
                }
            }
        }
        dropGone(positions);
    }

    private static boolean matches(FlowSpec.Exit exit, UserEvent event) {
        if (exit == null || exit.event() == null) {
            return false;
        }
        EventType type = exit.type();
        if (type != event.type()) {
            return false;
        }
        return type != EventType.TAG || exit.tag().equals(event.tag());
    }

    private static boolean inSegment(FlowSpec.Exit exit, User user) {
        return exit != null
                && exit.segment() != null
                && user.profile().has(exit.segment(), user.now());
    }
}
