package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PredictedRepurchaseParams;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.profile.ProfileSignal;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.RepurchaseDue;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code PREDICTED_REPURCHASE} (SPEC §5): the user's predicted next purchase — overall, or in one
 * of the categories the profile keeps a cycle for ({@code scope: CATEGORY}) — is {@code leadTime}
 * away, from at least {@code minOccasions} purchase occasions, and the user has not purchased there
 * since. The profile signals the moment from its deadline ({@link RepurchaseDue}); a purchase there
 * makes a new prediction, so each prediction is one episode and fires at most once.
 *
 * <p>The match's evidence is the latest purchase there (overall, or in the category), which the
 * profile's purchase cycle remembers; the detector remembers the latest purchase's item, which an
 * overall reminder names.
 */
public final class PredictedRepurchase implements Detector<PredictedRepurchase.LastPurchase> {
    /**
     * The layout of the saved state ({@link PatternCatalog#stateVersion}); 2: the item alone (the
     * purchase's event id is in the profile's purchase cycle).
     */
    static final int STATE_VERSION = 2;

    private final PatternSpec spec;
    private final PredictedRepurchaseParams params;
    private final long[] leadTimes;

    public PredictedRepurchase(PatternSpec spec) {
        this.spec = spec;
        this.params = (PredictedRepurchaseParams) spec.params();
        this.leadTimes = new long[] {params.leadTime().toMillis()};
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public LastPurchase newState() {
        return new LastPurchase();
    }

    @Override
    public long[] repurchaseLeadTimes() {
        return leadTimes;
    }

    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(LastPurchase last, UserEvent event, DetectorContext context) {
        if (event.type() == EventType.PURCHASE) {
            last.itemId = event.itemId();
        }
    }

    @Override
    public boolean hears(ProfileSignal.Kind kind) {
        return kind == ProfileSignal.Kind.REPURCHASE_DUE;
    }

    @Override
    public void onSignal(LastPurchase last, ProfileSignal signal, DetectorContext context) {
        if (!(signal instanceof RepurchaseDue due)) {
            return;
        }
        boolean overall = due.categoryId() == null;
        if (due.leadTime() != leadTimes[0]
                || overall != (params.scope() == PredictedRepurchaseParams.Scope.OVERALL)
                || due.occasions() < params.minOccasions()) {
            return;
        }
        PurchaseCycle cycle =
                overall ? context.profile().cycle() : context.profile().cycle(due.categoryId());
        String predictedDate = Times.date(due.predictedAt(), context.zone());
        String reason =
                "bought"
                        + (overall ? "" : " in category " + due.categoryId())
                        + " on "
                        + due.occasions()
                        + " occasions, about every "
                        + String.format(Locale.ROOT, "%.1f", cycle.meanGapDays())
                        + " days (last on "
                        + Times.date(due.lastOccasionAt(), context.zone())
                        + "); the next purchase is expected on "
                        + predictedDate
                        + ", "
                        + Durations.inWords(Duration.ofMillis(due.leadTime()))
                        + " from now";
        context.emit(
                new Match(
                        spec.id(),
                        PatternType.PREDICTED_REPURCHASE,
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
                                predictedDate),
                        reason));
    }

    /** Matches come only from the profile's deadlines, never from an event. */
    @Override
    public long releaseSlack(EventType type) {
        return Long.MAX_VALUE;
    }

    static LastPurchase readState(StateInput in, int version) throws IOException {
        LastPurchase last = new LastPurchase();
        if (version >= 2) {
            last.itemId = in.readBoolean() ? in.readString() : null;
        } else if (in.readBoolean()) {
            in.readString(); // the purchase's event id, now in the profile's purchase cycle
            last.itemId = in.readBoolean() ? in.readString() : null;
        }
        return last;
    }

    /** The item of the user's latest purchase line, which an overall reminder names. */
    public static final class LastPurchase implements DetectorState {
        private String itemId;

        @Override
        public boolean isIdle() {
            return itemId == null;
        }

        @Override
        public void write(StateOutput out) {
            out.writeBoolean(itemId != null);
            if (itemId != null) {
                out.writeString(itemId);
            }
        }
    }
}
