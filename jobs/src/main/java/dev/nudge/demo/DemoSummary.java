package dev.nudge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What the demo saw, summed up so that a reader can check it: every decision is sent, held out,
 * entered a flow or suppressed for a named reason, and every action is the action of one sent
 * decision. A flow's send is a decision of its own (its step's), while the match that entered the
 * user in the flow is decided {@code ENTERED_FLOW} and sends nothing itself; so the actions number
 * the sent decisions exactly, flows included. The summary says whether the figures add up, and
 * where not, by how much.
 *
 * @param events records sent to the events topic, spoiled ones and duplicates included
 * @param historyEvents of them, those of the history replayed before the live part
 * @param deadLetters records on the dead-letter topic
 * @param decisions all decisions read
 * @param sent decisions {@code SENT}
 * @param heldOut decisions {@code HOLDOUT}
 * @param enteredFlow decisions {@code ENTERED_FLOW}
 * @param suppressed decisions {@code SUPPRESSED}, by the reason that stopped them
 * @param otherOutcomes decisions of an outcome the demo does not know (none, unless the job has
 *     grown one)
 * @param actions all actions read
 * @param actionsByMoment the actions by the pattern, or the flow, that sent them
 * @param historyActions of the actions, those triggered in the history
 */
record DemoSummary(
        long events,
        long historyEvents,
        long deadLetters,
        long decisions,
        long sent,
        long heldOut,
        long enteredFlow,
        SortedMap<String, Long> suppressed,
        long otherOutcomes,
        long actions,
        Map<String, Long> actionsByMoment,
        long historyActions) {

    DemoSummary {
        suppressed = new TreeMap<>(suppressed);
        actionsByMoment = Map.copyOf(actionsByMoment);
    }

    long suppressedAll() {
        return suppressed.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether each decision has one known outcome and each action one sent decision. */
    boolean addsUp() {
        return otherOutcomes == 0
                && decisions == sent + heldOut + enteredFlow + suppressedAll()
                && actions == sent;
    }

    /** The summary as printed at the end of the demo. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        lines.add(
                format(
                        "Demo summary: %,d events sent (%,d of the history, %,d live),"
                                + " %,d to the dead-letter topic",
                        events, historyEvents, events - historyEvents, deadLetters));
        StringBuilder decided =
                new StringBuilder(
                        format(
                                "  decisions %,d = %,d sent + %,d held out + %,d entered a flow"
                                        + " + %,d suppressed",
                                decisions, sent, heldOut, enteredFlow, suppressedAll()));
        if (!suppressed.isEmpty()) {
            decided.append(" (")
                    .append(
                            String.join(
                                    ", ",
                                    suppressed.entrySet().stream()
                                            .map(e -> e.getKey() + format(" %,d", e.getValue()))
                                            .toList()))
                    .append(')');
        }
        if (otherOutcomes > 0) {
            decided.append(format(" + %,d of another outcome", otherOutcomes));
        }
        lines.add(decided.toString());
        lines.add(
                actions == sent
                        ? format(
                                "  actions %,d (one per sent decision; the flows' own sends are"
                                        + " decisions too)",
                                actions)
                        : format(
                                "  actions %,d, but %,d sent decisions: %,d %s",
                                actions,
                                sent,
                                Math.abs(actions - sent),
                                actions > sent
                                        ? "actions without their decision"
                                        : "sent decisions without their action"));
        if (actions > 0) {
            lines.add(
                    format(
                            "  actions of %d moment%s: %s (%,d in the history, %,d live)",
                            actionsByMoment.size(),
                            actionsByMoment.size() == 1 ? "" : "s",
                            byCount(actionsByMoment),
                            historyActions,
                            actions - historyActions));
        }
        lines.add(
                addsUp()
                        ? "  It adds up: every decision has one outcome, every action one sent"
                                + " decision."
                        : "  It does not add up: see the figures above.");
        return List.copyOf(lines);
    }

    /** {@code counts} as "a 12, b 3", largest first, ties by name. */
    static String byCount(Map<String, Long> counts) {
        StringBuilder text = new StringBuilder();
        counts.entrySet().stream()
                .sorted(
                        Map.Entry.<String, Long>comparingByValue()
                                .reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                .forEach(
                        entry ->
                                text.append(text.length() == 0 ? "" : ", ")
                                        .append(entry.getKey())
                                        .append(format(" %,d", entry.getValue())));
        return text.toString();
    }

    private static String format(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
