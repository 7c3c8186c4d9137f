package dev.nudge.policy;

import dev.nudge.config.Goal;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;

/**
 * Attributes the events of a pattern's goal to the messages before them (last touch): an event of
 * the goal within the goal's window after the user's latest SENT or HOLDOUT decision converts it,
 * once. For a PURCHASE goal (the default, within the attribution window), further lines of the same
 * order at the same time add to its revenue, and the conversion is written when its order is
 * complete, at the next purchase or at the end of the wake-up ({@link #flush}); a conversion of
 * another goal has no revenue and is written at once.
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

    /**
     * A decision was SENT or HOLDOUT at {@code at}: it is the user's latest touch now, judged by
     * {@code goal}, its pattern's goal at this time.
     */
    static void touched(LastTouch touch, Decision decision, long at, Goal goal) {
        touch.decisionId = decision.decisionId();
        touch.actionId = decision.actionId();
        touch.patternId = decision.patternId();
        touch.configVersion = decision.configVersion();
        touch.holdout = decision.outcome() == Outcome.HOLDOUT;
        touch.at = at;
        touch.converted = false;
        touch.variant = decision.variant();
        touch.goal(goal);
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
        if (!converts(touch, purchase)) {
            return;
        }
        flush(out);
        pending = convert(userId, touch, purchase.orderId(), revenue, purchase.ts());
    }

    /**
     * An event that may be the goal of the latest touch other than a purchase (ADD_TO_CART, VIEW,
     * TAG): it converts the touch, once, with no revenue and no order.
     */
    void event(String userId, LastTouch touch, UserEvent event, DecisionOutput out) {
        if (!converts(touch, event)) {
            return;
        }
        flush(out);
        out.conversion(convert(userId, touch, null, 0, event.ts()));
    }

    /** The touch converted at {@code at}: marked so, and its conversion. */
    private Conversion convert(
            String userId, LastTouch touch, String orderId, long revenue, long at) {
        touch.converted = true;
        return new Conversion(
                touch.decisionId,
                touch.actionId,
                userId,
                touch.patternId,
                touch.variant,
                touch.configVersion,
                touch.holdout ? Conversion.Arm.HOLDOUT : Conversion.Arm.TREATMENT,
                touch.goal(),
                orderId,
                money,
                revenue,
                touch.at,
                at);
    }

    /**
     * Whether {@code event} converts the touch: it is not converted yet, the event is of its goal
     * (a TAG event of its tag, for a tag's goal), after the send and within the goal's window.
     */
    private boolean converts(LastTouch touch, UserEvent event) {
        return touch.isSet()
                && !touch.converted
                && event.type() == touch.goalType
                && (touch.goalType != EventType.TAG || touch.goalTag.equals(event.tag()))
                && event.ts() > touch.at
                && event.ts() - touch.at <= touch.goalWindow(window);
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
