package dev.nudge.profile;

import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The rhythm of a user's purchase occasions, overall or in one category: the exponentially weighted
 * mean gap between occasions and its exponentially weighted standard deviation (the spread). With
 * weight {@code w}, each new gap {@code g} updates {@code d = g − mean}, {@code mean += w·d},
 * {@code variance = (1 − w)·(variance + w·d²)}; the first gap sets the mean.
 */
public final class PurchaseCycle {
    private static final double DAY = 86_400_000d;

    long lastOccasionAt = StateOutput.NO_TIME;
    int occasions;

    /** Mean gap and variance, in days. */
    float meanGapDays;

    float varianceDays;

    /** Records an occasion at {@code time}, the occasion's first purchase. */
    void occasion(long time, double weight) {
        if (occasions > 0) {
            double gap = (time - lastOccasionAt) / DAY;
            if (occasions == 1) {
                meanGapDays = (float) gap;
                varianceDays = 0;
            } else {
                double difference = gap - meanGapDays;
                meanGapDays += (float) (weight * difference);
                varianceDays =
                        (float) ((1 - weight) * (varianceDays + weight * difference * difference));
            }
        }
        occasions++;
        lastOccasionAt = time;
    }

    public int occasions() {
        return occasions;
    }

    public long lastOccasionAt() {
        return lastOccasionAt;
    }

    public double meanGapDays() {
        return meanGapDays;
    }

    public double spreadDays() {
        return Math.sqrt(varianceDays);
    }

    /** The predicted next occasion, or {@link StateOutput#NO_TIME} before {@code minOccasions}. */
    public long predictedNext(int minOccasions) {
        if (occasions < minOccasions || occasions < 2) {
            return StateOutput.NO_TIME;
        }
        return lastOccasionAt + Math.round(meanGapDays * DAY);
    }

    void write(StateOutput out) {
        out.writeVarInt(occasions);
        if (occasions > 0) {
            out.writeTime(lastOccasionAt);
        }
        if (occasions > 1) {
            out.writeFloat(meanGapDays);
            out.writeFloat(varianceDays);
        }
    }

    void read(StateInput in) throws IOException {
        occasions = in.readVarInt();
        lastOccasionAt = occasions > 0 ? in.readTime() : StateOutput.NO_TIME;
        if (occasions > 1) {
            meanGapDays = in.readFloat();
            varianceDays = in.readFloat();
        }
    }
}
