package dev.nudge.policy;

import dev.nudge.event.Money;

/**
 * A purchase attributed to the user's latest SENT or HOLDOUT decision within the attribution window
 * (last touch, once per decision), for {@code marketing-conversions} (SPEC §3.4).
 *
 * @param actionId the action of a SENT decision; {@code null} for the holdout arm
 * @param variant the variant of the decision converted, or {@code null}
 * @param goal what counted as converting: the event type of the pattern's goal ({@code PURCHASE}
 *     unless the pattern names another) or the name of an outside tag
 * @param orderId the order bought, if the purchase named one
 * @param money the deployment's currency, in which {@code revenue} counts
 * @param revenue price × quantity over the order's lines at the time of the purchase, in minor
 *     units of {@code money}
 * @param decidedAt when the message went, or would have gone for the holdout group
 * @param convertedAt the time of the purchase; the latency is {@code convertedAt - decidedAt}
 */
public record Conversion(
        String decisionId,
        String actionId,
        String userId,
        String patternId,
        String variant,
        String configVersion,
        Arm arm,
        String goal,
        String orderId,
        Money money,
        long revenue,
        long decidedAt,
        long convertedAt) {

    /** The two arms of the experiment. */
    public enum Arm {
        TREATMENT,
        HOLDOUT
    }

    public long latency() {
        return convertedAt - decidedAt;
    }

    /** The same conversion with one more line of its order, in minor units. */
    public Conversion plus(long lineRevenue) {
        return new Conversion(
                decisionId,
                actionId,
                userId,
                patternId,
                variant,
                configVersion,
                arm,
                goal,
                orderId,
                money,
                Money.add(revenue, lineRevenue),
                decidedAt,
                convertedAt);
    }
}
