package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Tests for {@link DemoSummary}: the demo's last lines add up, and say so only when they do. A
 * match that enters a flow is decided ENTERED_FLOW and sends nothing itself; each of the flow's
 * sends is a SENT decision of its own with its action, so actions number the sent decisions.
 */
class DemoSummaryTest {

    @Test
    void everyDecisionHasOneOutcomeAndEveryActionOneSentDecision() {
        DemoTally tally = new DemoTally();
        for (int i = 0; i < 5; i++) {
            tally.decision("SENT", null);
            tally.action("browse-abandonment", i < 3);
        }
        tally.decision("ENTERED_FLOW", null);
        tally.decision("SENT", null);
        tally.action("cart-rescue", false);
        tally.decision("SENT", null);
        tally.action("cart-rescue", false);
        tally.decision("HOLDOUT", null);
        tally.decision("SUPPRESSED", "COOLDOWN");
        tally.decision("SUPPRESSED", "COOLDOWN");
        tally.decision("SUPPRESSED", "FREQUENCY_CAP");
        tally.deadLetter();

        DemoSummary summary = tally.summary(1_234, 1_000);

        assertThat(summary.addsUp()).isTrue();
        assertThat(summary.lines())
                .containsExactly(
                        "Demo summary: 1,234 events sent (1,000 of the history, 234 live),"
                                + " 1 to the dead-letter topic",
                        "  decisions 12 = 7 sent + 1 held out + 1 entered a flow + 3 suppressed"
                                + " (COOLDOWN 2, FREQUENCY_CAP 1)",
                        "  actions 7 (one per sent decision; the flows' own sends are decisions"
                                + " too)",
                        "  actions of 2 moments: browse-abandonment 5, cart-rescue 2"
                                + " (3 in the history, 4 live)",
                        "  It adds up: every decision has one outcome, every action one sent"
                                + " decision.");
    }

    @Test
    void anActionWithoutItsSentDecisionIsShownAndDoesNotAddUp() {
        DemoTally tally = new DemoTally();
        tally.decision("SENT", null);
        tally.action("browse-abandonment", false);
        tally.action("browse-abandonment", false);

        DemoSummary summary = tally.summary(10, 0);

        assertThat(summary.addsUp()).isFalse();
        assertThat(summary.lines())
                .contains(
                        "  actions 2, but 1 sent decisions: 1 actions without their decision",
                        "  It does not add up: see the figures above.");
    }

    @Test
    void aDecisionOfAnUnknownOutcomeIsCountedApartAndDoesNotAddUp() {
        DemoTally tally = new DemoTally();
        tally.decision("SENT", null);
        tally.action("win-back", false);
        tally.decision("POSTPONED", null);

        DemoSummary summary = tally.summary(3, 0);

        assertThat(summary.addsUp()).isFalse();
        assertThat(summary.lines())
                .contains(
                        "  decisions 2 = 1 sent + 0 held out + 0 entered a flow + 0 suppressed"
                                + " + 1 of another outcome");
    }

    @Test
    void nothingDecidedAddsUpWithoutALineOfMoments() {
        DemoSummary summary = new DemoTally().summary(0, 0);

        assertThat(summary.addsUp()).isTrue();
        assertThat(summary.lines())
                .containsExactly(
                        "Demo summary: 0 events sent (0 of the history, 0 live), 0 to the"
                                + " dead-letter topic",
                        "  decisions 0 = 0 sent + 0 held out + 0 entered a flow + 0 suppressed",
                        "  actions 0 (one per sent decision; the flows' own sends are decisions"
                                + " too)",
                        "  It adds up: every decision has one outcome, every action one sent"
                                + " decision.");
    }
}
