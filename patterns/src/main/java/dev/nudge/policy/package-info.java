/**
 * From a match to a message, or to the reason there is none: the rules a match meets (pattern
 * switch, audience, consent, cooldown, arbitration, quiet hours and send time, frequency caps,
 * holdout), held actions, the action with its personalisation, the decision record, and the
 * attribution of purchases to messages. {@link dev.nudge.policy.Decider} takes a match through all
 * of it over the user's {@link dev.nudge.policy.PolicyState}; every suppression reason is decided
 * in this package.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern}.
 */
package dev.nudge.policy;
