package dev.nudge.profile;

import dev.nudge.config.ProfileSpec;
import dev.nudge.event.Times;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The purchase occasions of a user, overall or in one category: how many, the last, and the latest
 * gaps between them in whole minutes, oldest first — at most the estimator's {@code cycleGaps}, the
 * oldest dropped first. {@link CycleEstimator} predicts from them. Saved as one varint per gap: two
 * bytes for a gap under 11 days, three up to 11 years.
 */
final class CycleTracker {
    private static final int[] NO_GAPS = {};
    private static final long MINUTE = 60_000;

    long lastOccasionAt = Times.NONE;
    int occasions;

    /** The event id of the latest purchase counted here, the evidence of moments it leads to. */
    String lastPurchaseId;

    /** The latest gaps, in minutes, oldest first; {@code gapCount} of them are in use. */
    int[] gapMinutes = NO_GAPS;

    int gapCount;

    /** Records an occasion at {@code time}, the occasion's first purchase. */
    void occasion(long time, int maxGaps) {
        if (occasions > 0) {
            long minutes = Math.max(1, Math.round((time - lastOccasionAt) / (double) MINUTE));
            addGap((int) Math.min(Integer.MAX_VALUE >> 6, minutes), maxGaps);
        }
        occasions++;
        lastOccasionAt = time;
    }

    private void addGap(int minutes, int maxGaps) {
        if (gapCount >= maxGaps) {
            int drop = gapCount - maxGaps + 1;
            System.arraycopy(gapMinutes, drop, gapMinutes, 0, gapCount - drop);
            gapCount -= drop;
        } else if (gapCount == gapMinutes.length) {
            int[] grown = new int[Math.min(maxGaps, Math.max(4, gapCount * 2))];
            System.arraycopy(gapMinutes, 0, grown, 0, gapCount);
            gapMinutes = grown;
        }
        gapMinutes[gapCount++] = minutes;
    }

    /** The latest purchase of the cycle, whether or not it began an occasion. */
    void purchase(String eventId) {
        lastPurchaseId = eventId;
    }

    void write(StateOutput out) {
        out.writeVarInt(occasions);
        if (occasions > 0) {
            out.writeTime(lastOccasionAt);
            out.writeBoolean(lastPurchaseId != null);
            if (lastPurchaseId != null) {
                out.writeString(lastPurchaseId);
            }
        }
        if (occasions > 1) {
            out.writeVarInt(gapCount);
            for (int i = 0; i < gapCount; i++) {
                out.writeVarInt(gapMinutes[i]);
            }
        }
    }

    /**
     * Reads a cycle; one written before {@link Formats#CYCLES} kept a mean gap instead of the gaps,
     * and starts its history with that mean as its one gap.
     */
    void read(StateInput in) throws IOException {
        occasions = in.readVarInt();
        lastOccasionAt = occasions > 0 ? in.readTime() : Times.NONE;
        boolean exact = in.format() >= Formats.EXACT;
        if (occasions > 0 && exact && in.readBoolean()) {
            lastPurchaseId = in.readString();
        }
        if (occasions <= 1) {
            return;
        }
        if (in.format() >= Formats.CYCLES) {
            int written = in.readVarInt();
            gapCount = Math.min(written, ProfileSpec.MAX_CYCLE_GAPS);
            gapMinutes = new int[gapCount];
            for (int i = 0; i < written; i++) {
                int gap = in.readVarInt();
                if (i >= written - gapCount) {
                    gapMinutes[i - (written - gapCount)] = gap;
                }
            }
        } else {
            double meanGapDays = exact ? in.readDouble() : in.readFloat();
            in.readFloat(); // the spread
            gapMinutes = new int[] {(int) Math.max(1, Math.round(meanGapDays * 1440))};
            gapCount = 1;
        }
    }
}
