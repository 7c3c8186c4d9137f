package dev.nudge.profile;

import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * Spend per day over the last {@value #DAYS} days, for the monetary value of the last 90 days: only
 * days with purchases are kept, at most {@value #MAX_DAYS} of them. Beyond that the two oldest days
 * are merged into the later one, so that a very frequent buyer's oldest spend stays in the window
 * up to a few days longer than it should (an overestimate, never a loss).
 */
public final class SpendWindow {
    static final int DAYS = 90;
    static final int MAX_DAYS = 16;
    private static final long DAY = 86_400_000L;

    /** Made at the first purchase: most profiles, read on every wake-up, have none. */
    private int[] days = {};

    private double[] amounts = {};
    private int size;

    private void allocate() {
        if (days.length == 0) {
            days = new int[MAX_DAYS];
            amounts = new double[MAX_DAYS];
        }
    }

    void add(long time, double amount) {
        int day = (int) Math.floorDiv(time, DAY);
        allocate();
        prune(day);
        if (size > 0 && days[size - 1] == day) {
            amounts[size - 1] += amount;
            return;
        }
        if (size == MAX_DAYS) {
            amounts[1] += amounts[0];
            System.arraycopy(days, 1, days, 0, size - 1);
            System.arraycopy(amounts, 1, amounts, 0, size - 1);
            size--;
        }
        days[size] = day;
        amounts[size] = amount;
        size++;
    }

    /** The spend of the {@value #DAYS} days up to and including the day of {@code now}. */
    public double sum(long now) {
        int first = (int) Math.floorDiv(now, DAY) - DAYS + 1;
        double sum = 0;
        for (int i = 0; i < size; i++) {
            if (days[i] >= first) {
                sum += amounts[i];
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
            out.writeDouble(amounts[i]);
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
        for (int i = 0; i < size; i++) {
            days[i] = (int) in.readSignedVarLong();
            amounts[i] = in.readDouble();
        }
    }
}
