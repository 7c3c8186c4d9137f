package dev.nudge.policy;

/** Where the policy's results go: decisions, the actions they send, the conversions they earn. */
public interface DecisionOutput {

    void decision(Decision decision);

    void action(Action action);

    /** A purchase attributed to a SENT or HOLDOUT decision. */
    void conversion(Conversion conversion);
}
