package dev.nudge.state;

/**
 * The versions of the journey's state format at which a part's layout changed, for readers that
 * still read the earlier layout ({@link StateInput#format}).
 */
public final class Formats {
    /**
     * Money as whole minor units, where format 7 kept binary doubles of major units (read as
     * hundredths, the minor unit of the default currency and the precision every earlier build
     * showed); purchase-cycle means as doubles with the last purchase's event id; and a layout
     * version beside every detector's state, so that a detector's layout changes without a new
     * journey format (the detectors' own readers handle what changed in theirs).
     */
    public static final int EXACT = 8;

    /**
     * What operators write their strategy with: a profile's outside tags, an event's tag fields (in
     * the waiting list, by presence bits, readable from any format), the variant and goal of the
     * last touch and the recent sends that message feedback is linked to.
     */
    public static final int STRATEGY = 9;

    /**
     * Multi-step flows: the user's place in each flow, and the flow step a waiting, held or
     * arbitrated match sends for.
     */
    public static final int FLOWS = 10;

    /**
     * Purchase cycles keep their latest gaps between occasions, where earlier formats kept an
     * exponentially weighted mean and variance (read as one gap of that mean).
     */
    public static final int CYCLES = 11;

    private Formats() {}

    /** Money of a format before {@link #EXACT}: a double of major units, in hundredths. */
    public static long legacyMoney(double amount) {
        return Math.round(amount * 100);
    }
}
