package dev.nudge.policy;

import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;

/**
 * Where the policy's results go: decisions, the actions they send, the conversions they earn, and
 * the feedback on sent actions linked to them.
 */
public interface DecisionOutput {

    void decision(Decision decision);

    void action(Action action);

    /** An event of a pattern's goal attributed to a SENT or HOLDOUT decision. */
    void conversion(Conversion conversion);

    /** A step of the feedback on one of the user's recent sends, the first time it is reported. */
    void engagement(Engagement engagement);

    /** A user entered, walked, left or completed a flow (its sends are decisions). */
    default void flow(FlowEvent event) {}

    /** Feedback on an action that is not among the user's recent sends: counted, not written. */
    default void unlinkedFeedback(UserEvent feedback) {}

    /** Feedback on a step of a recent send already reported: counted, not written. */
    default void repeatedFeedback(UserEvent feedback) {}
}
