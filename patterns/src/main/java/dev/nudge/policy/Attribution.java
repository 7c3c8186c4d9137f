package dev.nudge.policy;

import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;

/**
 * Attributes purchases to the messages before them (last touch): a purchase within the attribution
 * window after the user's latest SENT or HOLDOUT decision converts it, once; further lines of the
 * same order at the same time add to its revenue. A conversion is written when its order is
 * complete, at the next purchase or at the end of the wake-up ({@link #flush}).
 */
final class Attribution {
    private final long window;
    private final Money money;

    /** A conversion found in this wake-up, kept until the other lines of its order are in. */
    private Conversion pending;

    Attribution(long window, Money money) {
        this.window = window;
        this.money = money;
    }

    /** A decision was SENT or HOLDOUT at {@code at}: it is the user's latest touch now. */
    static void touched(LastTouch touch, Decision decision, long at) {
        touch.decisionId = decision.decisionId();
        touch.actionId = decision.actionId();
        touch.patternId = decision.patternId();
        touch.configVersion = decision.configVersion();
        touch.holdout = decision.outcome() == Outcome.HOLDOUT;
        touch.at = at;
        touch.converted = false;
    }

    void purchase(String userId, LastTouch touch, UserEvent purchase, DecisionOutput out) {
        long revenue = money.lineTotal(purchase.price(), purchase.quantity());
        if (pending != null
                && purchase.orderId() != null
                && purchase.orderId().equals(pending.orderId())
                && purchase.ts() == pending.convertedAt()) {
            pending = pending.plus(revenue);
            return;
        }
        if (!touch.isSet()
                || touch.converted
                || purchase.ts() <= touch.at
                || purchase.ts() - touch.at > window) {
            return;
        }
        flush(out);
        touch.converted = true;
        pending =
                new Conversion(
                        touch.decisionId,
                        touch.actionId,
                        userId,
                        touch.patternId,
                        null,
                        touch.configVersion,
                        touch.holdout ? Conversion.Arm.HOLDOUT : Conversion.Arm.TREATMENT,
                        "PURCHASE",
                        purchase.orderId(),
                        money,
                        revenue,
                        touch.at,
                        purchase.ts());
    }

    /** Writes the conversion found so far, if any. */
    void flush(DecisionOutput out) {
        if (pending != null) {
            out.conversion(pending);
            pending = null;
        }
    }

    /**
     * Forgets a conversion of an earlier wake-up never written (an engine reused after a failure).
     */
    void begin() {
        pending = null;
    }
}
