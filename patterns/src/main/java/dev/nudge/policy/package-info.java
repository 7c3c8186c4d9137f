/**
 * From a match to a message, or to the reason there is none: the rules a match meets (pattern
 * switch, audience, consent, cooldown, arbitration, quiet hours and send time, frequency caps,
 * holdout), held actions, the action with its personalisation, the decision record, the attribution
 * of the events of a pattern's goal to messages, and the linking of the senders' feedback to the
 * actions it is about. {@link dev.nudge.policy.Decider} takes a match through all of it over the
 * user's {@link dev.nudge.policy.PolicyState}; every suppression reason is decided in this package.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern},
 * {@code flow}.
 */
package dev.nudge.policy;
