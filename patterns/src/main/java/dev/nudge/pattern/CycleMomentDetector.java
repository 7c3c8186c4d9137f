package dev.nudge.pattern;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PredictedRepurchaseParams.Scope;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.profile.CycleMoment;
import dev.nudge.profile.ProfileSignal;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.RepurchaseDue;
import java.util.List;
import java.util.Locale;

/**
 * A pattern that fires at one moment of the user's purchase cycle — overall, or in each category
 * the profile keeps a cycle for — from at least {@code minOccasions} occasions, unless the user
 * purchased there since: the profile signals the moment from its deadline ({@link RepurchaseDue}),
 * and a purchase there moves the cycle on, so each cycle position is one episode and fires at most
 * once.
 *
 * <p>The match's evidence is the latest purchase there, which the profile's purchase cycle
 * remembers; the detector remembers the latest purchase's item, which an overall match names.
 */
abstract sealed class CycleMomentDetector implements Detector<PredictedRepurchase.LastPurchase>
        permits PredictedRepurchase, PurchaseOverdue {
    private final PatternSpec spec;
    private final Scope scope;
    private final int minOccasions;
    private final CycleMoment moment;
    private final CycleMoment[] moments;

    CycleMomentDetector(PatternSpec spec, Scope scope, int minOccasions, CycleMoment moment) {
        this.spec = spec;
        this.scope = scope;
        this.minOccasions = minOccasions;
        this.moment = moment;
        this.moments = new CycleMoment[] {moment};
    }

    /** Why the user matched, for the decision's reason. */
    abstract String reason(RepurchaseDue due, PurchaseCycle cycle, DetectorContext context);

    @Override
    public final PatternSpec spec() {
        return spec;
    }

    @Override
    public final PredictedRepurchase.LastPurchase newState() {
        return new PredictedRepurchase.LastPurchase();
    }

    @Override
    public final CycleMoment[] cycleMoments() {
        return moments;
    }

    @Override
    public final boolean reactsTo(EventType type) {
        return type == EventType.PURCHASE;
    }

    @Override
    public final void onEvent(
            PredictedRepurchase.LastPurchase last, UserEvent event, DetectorContext context) {
        if (event.type() == EventType.PURCHASE) {
            last.itemId = event.itemId();
        }
    }

    @Override
    public final boolean hears(ProfileSignal.Kind kind) {
        return kind == ProfileSignal.Kind.REPURCHASE_DUE;
    }

    @Override
    public final void onSignal(
            PredictedRepurchase.LastPurchase last, ProfileSignal signal, DetectorContext context) {
        if (!(signal instanceof RepurchaseDue due)) {
            return;
        }
        boolean overall = due.categoryId() == null;
        if (!due.moment().equals(moment)
                || overall != (scope == Scope.OVERALL)
                || due.occasions() < minOccasions) {
            return;
        }
        PurchaseCycle cycle =
                overall ? context.profile().cycle() : context.profile().cycle(due.categoryId());
        context.emit(
                new Match(
                        spec.id(),
                        spec.type(),
                        context.userId(),
                        due.at(),
                        due.lastOccasionAt(),
                        cycle == null || cycle.lastPurchaseId() == null
                                ? List.of()
                                : List.of(cycle.lastPurchaseId()),
                        new ActionParams(
                                last.itemId == null || !overall ? List.of() : List.of(last.itemId),
                                due.categoryId(),
                                null,
                                null,
                                Times.date(due.predictedAt(), context.zone())),
                        reason(due, cycle, context)));
    }

    /** Matches come only from the profile's deadlines, never from an event. */
    @Override
    public final long releaseSlack(EventType type) {
        return Long.MAX_VALUE;
    }

    /** "bought in category c on 5 occasions, usually every 7.0 days (middle half 6.0–8.0)". */
    static String rhythm(RepurchaseDue due, PurchaseCycle cycle) {
        if (cycle == null) {
            return "bought in category "
                    + due.categoryId()
                    + " on "
                    + due.occasions()
                    + " occasions";
        }
        return "bought"
                + (due.categoryId() == null ? "" : " in category " + due.categoryId())
                + " on "
                + due.occasions()
                + " occasions, usually every "
                + days(cycle.typicalGapDays())
                + " days (middle half "
                + days(cycle.lowGapDays())
                + "–"
                + days(cycle.highGapDays())
                + ")";
    }

    static String days(double days) {
        return String.format(Locale.ROOT, "%.1f", days);
    }
}
