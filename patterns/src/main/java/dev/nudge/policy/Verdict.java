package dev.nudge.policy;

/** The policy's answer to one match: always a decision, and an action when it is SENT. */
public record Verdict(Decision decision, Action action) {}
