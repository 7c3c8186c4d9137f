package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PredictedRepurchaseParams;
import dev.nudge.event.Times;
import dev.nudge.profile.CycleMoment;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.RepurchaseDue;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code PREDICTED_REPURCHASE} (SPEC §5): the user's predicted next purchase — overall, or in one
 * of the categories the profile keeps a cycle for ({@code scope: CATEGORY}) — is {@code leadTime}
 * away, or, with {@code at: p30}, 30 % of the user's own gaps would have ended by now; from at
 * least {@code minOccasions} purchase occasions, and the user has not purchased there since.
 */
public final class PredictedRepurchase extends CycleMomentDetector {
    /**
     * The layout of the saved state ({@link PatternCatalog#stateVersion}); 2: the item alone (the
     * purchase's event id is in the profile's purchase cycle).
     */
    static final int STATE_VERSION = 2;

    public PredictedRepurchase(PatternSpec spec) {
        this(spec, (PredictedRepurchaseParams) spec.params());
    }

    private PredictedRepurchase(PatternSpec spec, PredictedRepurchaseParams params) {
        super(spec, params.scope(), params.minOccasions(), moment(params));
    }

    private static CycleMoment moment(PredictedRepurchaseParams params) {
        return params.at() == null
                ? CycleMoment.beforePrediction(params.leadTime().toMillis())
                : new CycleMoment(params.at().value(), 0);
    }

    @Override
    String reason(RepurchaseDue due, PurchaseCycle cycle, DetectorContext context) {
        String when =
                due.moment().offset() == 0 && due.moment().percentile() != 50
                        ? "; "
                                + due.moment().percentile()
                                + " % of those gaps would have ended by now"
                        : ", "
                                + Durations.inWords(Duration.ofMillis(-due.moment().offset()))
                                + " from now";
        return rhythm(due, cycle)
                + ", last on "
                + Times.date(due.lastOccasionAt(), context.zone())
                + "; the next purchase is expected on "
                + Times.date(due.predictedAt(), context.zone())
                + when;
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

    /** The item of the user's latest purchase line, which an overall match names. */
    public static final class LastPurchase implements DetectorState {
        String itemId;

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
