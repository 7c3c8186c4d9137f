package dev.nudge.profile;

import dev.nudge.event.Times;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;

/**
 * The rhythm of a user's purchase occasions, overall or in one category: the exponentially weighted
 * mean gap between occasions and its exponentially weighted standard deviation (the spread). With
 * weight {@code w}, each new gap {@code g} updates {@code d = g − mean}, {@code mean += w·d},
 * {@code variance = (1 − w)·(variance + w·d²)}; the first gap sets the mean. The mean is kept as a
 * double, so that the predicted time {@code lastOccasionAt + round(mean × 86,400,000)} follows the
 * formula to the millisecond; the spread, for people only, is a float. Readers get a {@link
 * PurchaseCycle} of it as it stands.
 */
final class CycleTracker {
    private static final double DAY = 86_400_000d;

    long lastOccasionAt = Times.NONE;
    int occasions;

    /** The event id of the latest purchase counted here, the evidence of moments it leads to. */
    String lastPurchaseId;

    /** Mean gap and variance, in days. */
    double meanGapDays;

    float varianceDays;

    /** Records an occasion at {@code time}, the occasion's first purchase. */
    void occasion(long time, double weight) {
        if (occasions > 0) {
            double gap = (time - lastOccasionAt) / DAY;
            if (occasions == 1) {
                meanGapDays = gap;
                varianceDays = 0;
            } else {
                double difference = gap - meanGapDays;
                meanGapDays += weight * difference;
                varianceDays =
                        (float) ((1 - weight) * (varianceDays + weight * difference * difference));
            }
        }
        occasions++;
        lastOccasionAt = time;
    }

    /** The latest purchase of the cycle, whether or not it began an occasion. */
    void purchase(String eventId) {
        lastPurchaseId = eventId;
    }

    /** The predicted next occasion, or {@link Times#NONE} before {@code minOccasions}. */
    long predictedNext(int minOccasions) {
        if (occasions < minOccasions || occasions < 2) {
            return Times.NONE;
        }
        return lastOccasionAt + Math.round(meanGapDays * DAY);
    }

    /** The cycle as it stands now, its prediction after {@code minOccasions}. */
    PurchaseCycle snapshot(String categoryId, int minOccasions) {
        return new PurchaseCycle(
                categoryId,
                occasions,
                lastOccasionAt,
                lastPurchaseId,
                meanGapDays,
                Math.sqrt(varianceDays),
                predictedNext(minOccasions));
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
            out.writeDouble(meanGapDays);
            out.writeFloat(varianceDays);
        }
    }

    void read(StateInput in) throws IOException {
        occasions = in.readVarInt();
        lastOccasionAt = occasions > 0 ? in.readTime() : Times.NONE;
        boolean exact = in.format() >= Formats.EXACT;
        if (occasions > 0 && exact && in.readBoolean()) {
            lastPurchaseId = in.readString();
        }
        if (occasions > 1) {
            meanGapDays = exact ? in.readDouble() : in.readFloat();
            varianceDays = in.readFloat();
        }
    }
}
