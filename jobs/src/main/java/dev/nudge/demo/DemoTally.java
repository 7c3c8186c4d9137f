package dev.nudge.demo;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts what the demo reads from the job's outputs, for its progress lines and its summary. The
 * watcher counts; other threads read through the synchronized methods.
 */
final class DemoTally {
    private final Map<String, Long> suppressed = new TreeMap<>();
    private final Map<String, Long> actionsByMoment = new HashMap<>();
    private long deadLetters;
    private long decisions;
    private long sent;
    private long heldOut;
    private long enteredFlow;
    private long otherOutcomes;
    private long actions;
    private long historyActions;

    /**
     * @param outcome the decision's outcome as written ({@code SENT}, {@code SUPPRESSED}, ...)
     * @param suppressedBy the reason of a suppressed one, else ignored
     */
    synchronized void decision(String outcome, String suppressedBy) {
        decisions++;
        switch (outcome) {
            case "SENT" -> sent++;
            case "HOLDOUT" -> heldOut++;
            case "ENTERED_FLOW" -> enteredFlow++;
            case "SUPPRESSED" -> suppressed.merge(String.valueOf(suppressedBy), 1L, Long::sum);
            default -> otherOutcomes++;
        }
    }

    /**
     * @param moment the pattern, or the flow, that sent it
     * @param history whether it was triggered in the history replayed before the live part
     */
    synchronized void action(String moment, boolean history) {
        actions++;
        actionsByMoment.merge(moment, 1L, Long::sum);
        if (history) {
            historyActions++;
        }
    }

    synchronized void deadLetter() {
        deadLetters++;
    }

    synchronized long decisions() {
        return decisions;
    }

    synchronized long actions() {
        return actions;
    }

    synchronized long historyActions() {
        return historyActions;
    }

    /** The actions so far by the pattern, or the flow, that sent them. */
    synchronized Map<String, Long> actionsByMoment() {
        return Map.copyOf(actionsByMoment);
    }

    synchronized DemoSummary summary(long events, long historyEvents) {
        return new DemoSummary(
                events,
                historyEvents,
                deadLetters,
                decisions,
                sent,
                heldOut,
                enteredFlow,
                new TreeMap<>(suppressed),
                otherOutcomes,
                actions,
                actionsByMoment,
                historyActions);
    }
}
