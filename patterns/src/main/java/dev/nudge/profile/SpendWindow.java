package dev.nudge.profile;

import dev.nudge.event.Money;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * Spend per day over the last {@value #DAYS} days, in minor units, for the monetary value of the
 * last 90 days: only days with purchases are kept, at most {@value #MAX_DAYS} of them. Beyond that
 * the two neighbouring days closest in time are merged into the earlier of them, so that the merged
 * spend leaves the window no later than its oldest part: a very frequent buyer's 90-day spend may
 * drop a little early (an underestimate, so the high-value tag may come a little late, never
 * early).
 */
final class SpendWindow {
    static final int DAYS = 90;
    static final int MAX_DAYS = 16;
    private static final long DAY = 86_400_000L;

    /** Made at the first purchase: most profiles, read on every wake-up, have none. */
    private int[] days = {};

    private long[] amounts = {};
    private int size;

    private void allocate() {
        if (days.length == 0) {
            days = new int[MAX_DAYS];
            amounts = new long[MAX_DAYS];
        }
    }

    void add(long time, long amount) {
        int day = (int) Math.floorDiv(time, DAY);
        allocate();
        prune(day);
        if (size > 0 && days[size - 1] == day) {
            amounts[size - 1] = Money.add(amounts[size - 1], amount);
            return;
        }
        if (size == MAX_DAYS) {
            mergeClosest();
        }
        days[size] = day;
        amounts[size] = amount;
        size++;
    }

    /** Merges the two neighbours closest in time (the oldest such pair) into the earlier one. */
    private void mergeClosest() {
        int at = 0;
        for (int i = 1; i + 1 < size; i++) {
            if (days[i + 1] - days[i] < days[at + 1] - days[at]) {
                at = i;
            }
        }
        amounts[at] = Money.add(amounts[at], amounts[at + 1]);
        System.arraycopy(days, at + 2, days, at + 1, size - at - 2);
        System.arraycopy(amounts, at + 2, amounts, at + 1, size - at - 2);
        size--;
    }

    /** The spend of the {@value #DAYS} days up to and including the day of {@code now}. */
    long sum(long now) {
        int first = (int) Math.floorDiv(now, DAY) - DAYS + 1;
        long sum = 0;
        for (int i = 0; i < size; i++) {
            if (days[i] >= first) {
                sum = Money.add(sum, amounts[i]);
            }
        }
        return sum;
    }

    private void prune(int today) {
        int first = today - DAYS + 1;
        int keep = 0;
        while (keep < size && days[keep] < first) {
            keep++;
        }
        if (keep > 0) {
            System.arraycopy(days, keep, days, 0, size - keep);
            System.arraycopy(amounts, keep, amounts, 0, size - keep);
            size -= keep;
        }
    }

    int size() {
        return size;
    }

    void write(StateOutput out) {
        out.writeVarInt(size);
        for (int i = 0; i < size; i++) {
            out.writeSignedVarLong(days[i]);
            out.writeVarLong(amounts[i]);
        }
    }

    void read(StateInput in) throws IOException {
        size = in.readVarInt();
        if (size > MAX_DAYS) {
            throw new IOException(
                    "spend window in state has "
                            + size
                            + " days; at most "
                            + MAX_DAYS
                            + " are kept");
        }
        if (size > 0) {
            allocate();
        }
        boolean exact = in.format() >= Formats.EXACT;
        for (int i = 0; i < size; i++) {
            days[i] = (int) in.readSignedVarLong();
            amounts[i] = exact ? in.readVarLong() : Formats.legacyMoney(in.readDouble());
        }
    }
}
