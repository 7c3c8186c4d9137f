package dev.nudge.pattern;

import dev.nudge.config.LifecycleStage;
import dev.nudge.config.LifecycleTransitionParams;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.profile.LifecycleChange;
import dev.nudge.profile.ProfileSignal;
import dev.nudge.profile.ProfileView;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code LIFECYCLE_TRANSITION} (SPEC §5): the user's lifecycle stage changes to {@code to}
 * (optionally only from {@code from}): a welcome on NEW, win-back on SILENT or CHURNED, a thank-you
 * on reactivation to ACTIVE. Every transition is an episode of its own.
 *
 * <p>Changes to NEW and ACTIVE happen on a purchase: the match fires at it, with it as evidence.
 * Changes to SILENT and CHURNED happen on the profile's timer, when the time since the last
 * purchase reaches the configured length: the match fires then, anchored at the last purchase, with
 * that purchase as evidence.
 */
public final class LifecycleTransition implements Detector<LifecycleTransition.Pending> {
    private static final Set<LifecycleStage> ON_PURCHASE =
            EnumSet.of(LifecycleStage.NEW, LifecycleStage.ACTIVE);

    private final PatternSpec spec;
    private final LifecycleStage to;
    private final LifecycleStage from;

    public LifecycleTransition(PatternSpec spec) {
        this.spec = spec;
        LifecycleTransitionParams params = (LifecycleTransitionParams) spec.params();
        this.to = params.to();
        this.from = params.from();
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Pending newState() {
        return new Pending();
    }

    @Override
    public boolean hears(ProfileSignal.Kind kind) {
        return kind == ProfileSignal.Kind.LIFECYCLE;
    }

    @Override
    public void onSignal(Pending pending, ProfileSignal signal, DetectorContext context) {
        if (!(signal instanceof LifecycleChange change)) {
            return;
        }
        if (change.to() != to || (from != null && change.from() != from)) {
            return;
        }
        if (ON_PURCHASE.contains(change.to())) {
            // The purchase that caused it comes next, in onEvent: it is the evidence.
            pending.change = change;
        } else {
            ProfileView profile = context.profile();
            String lastPurchase = profile.cycle().lastPurchaseId();
            context.emit(
                    match(
                            change,
                            profile.lastPurchaseAt(),
                            lastPurchase == null ? List.of() : List.of(lastPurchase),
                            context));
        }
    }

    /** Purchase-driven changes (to NEW or ACTIVE) wait for their purchase; none comes otherwise. */
    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(Pending pending, UserEvent event, DetectorContext context) {
        if (pending.change == null) {
            return;
        }
        LifecycleChange change = pending.change;
        pending.change = null;
        context.emit(match(change, change.at(), List.of(event.eventId()), context));
    }

    private Match match(
            LifecycleChange change, long anchor, List<String> evidence, DetectorContext context) {
        return new Match(
                spec.id(),
                PatternType.LIFECYCLE_TRANSITION,
                context.userId(),
                change.at(),
                anchor,
                evidence,
                ActionParams.NONE,
                reason(change, context));
    }

    private static String reason(LifecycleChange change, DetectorContext context) {
        ProfileView profile = context.profile();
        String when = Sentences.clock(change.at(), context.zone());
        return switch (change.to()) {
            case NEW -> "made a first purchase at " + when;
            case ACTIVE ->
                    change.reactivation()
                            ? "came back from " + change.from() + " with a purchase at " + when
                            : "made a purchase on a second occasion at " + when;
            default ->
                    "moved from "
                            + change.from()
                            + " to "
                            + change.to()
                            + " at "
                            + when
                            + ": no purchase since "
                            + Times.date(profile.lastPurchaseAt(), context.zone())
                            + " ("
                            + Sentences.count(profile.occasions(), "purchase occasion")
                            + " in all)";
        };
    }

    /**
     * A lapse (to SILENT or CHURNED) ends with a purchase; a welcome or a return is made by one.
     */
    @Override
    public boolean endedByPurchase() {
        return !ON_PURCHASE.contains(to);
    }

    /** A transition to NEW or ACTIVE fires at the purchase itself; the others at deadlines. */
    @Override
    public long releaseSlack(EventType type) {
        return type == EventType.PURCHASE && ON_PURCHASE.contains(to) ? 0 : Long.MAX_VALUE;
    }

    static Pending readState(StateInput in) {
        return new Pending();
    }

    /** Nothing between wake-ups; within one, a purchase-driven change waits for its purchase. */
    public static final class Pending implements DetectorState {
        private LifecycleChange change;

        @Override
        public boolean isIdle() {
            return true;
        }

        @Override
        public void write(StateOutput out) {}
    }
}
