package dev.nudge.profile;

import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.List;

/**
 * At most {@code capacity} ids with a score each: affinities (decayed) or purchase counts. When the
 * table is full, a new id replaces the weakest entry, so memory is fixed whatever the user does;
 * scores of evicted ids are lost, which makes shares computed from the table lower bounds.
 */
final class TopScores {
    private String[] ids = new String[0];

    /**
     * The ids' hash codes, side by side: a lookup compares these first and touches an id's string
     * only on a likely match, since each string is an object of its own elsewhere in memory.
     */
    private int[] hashes = new int[0];

    private float[] scores = new float[0];
    private int size;

    /** Adds {@code weight} to the score of {@code id}, evicting the weakest entry if needed. */
    void add(String id, double weight, int capacity) {
        int index = indexOf(id);
        if (index < 0) {
            if (size < capacity) {
                grow(Math.min(capacity, Math.max(2, size * 2)));
                index = size++;
            } else {
                index = weakest();
                if (index < 0) {
                    return;
                }
            }
            ids[index] = id;
            hashes[index] = id.hashCode();
            scores[index] = 0;
        }
        scores[index] += (float) weight;
    }

    /** Multiplies every score by {@code factor}: exponential decay over the time since the last. */
    void decay(double factor) {
        for (int i = 0; i < size; i++) {
            scores[i] *= (float) factor;
        }
    }

    double score(int index) {
        return scores[index];
    }

    /** The index of the strongest entry (the first one on ties), or -1 when empty. */
    int strongest() {
        int best = -1;
        for (int i = 0; i < size; i++) {
            if (best < 0 || scores[i] > scores[best]) {
                best = i;
            }
        }
        return best;
    }

    /** The id with the highest score, or {@code null}. */
    String top() {
        int best = strongest();
        return best < 0 ? null : ids[best];
    }

    /** Indexes from the strongest to the weakest. */
    private int[] ranking() {
        Integer[] order = new Integer[size];
        for (int i = 0; i < size; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Float.compare(scores[b], scores[a]));
        int[] result = new int[size];
        for (int i = 0; i < size; i++) {
            result[i] = order[i];
        }
        return result;
    }

    /** The entries from the strongest to the weakest, each score multiplied by {@code factor}. */
    List<Affinity> ranked(double factor) {
        int[] ranking = ranking();
        Affinity[] ranked = new Affinity[ranking.length];
        for (int i = 0; i < ranking.length; i++) {
            ranked[i] = new Affinity(ids[ranking[i]], score(ranking[i]) * factor);
        }
        return List.of(ranked);
    }

    private int indexOf(String id) {
        int hash = id.hashCode();
        for (int i = 0; i < size; i++) {
            if (hashes[i] == hash && ids[i].equals(id)) {
                return i;
            }
        }
        return -1;
    }

    private int weakest() {
        int worst = -1;
        for (int i = 0; i < size; i++) {
            if (worst < 0 || scores[i] < scores[worst]) {
                worst = i;
            }
        }
        return worst;
    }

    private void grow(int capacity) {
        if (ids.length < capacity) {
            ids = java.util.Arrays.copyOf(ids, capacity);
            hashes = java.util.Arrays.copyOf(hashes, capacity);
            scores = java.util.Arrays.copyOf(scores, capacity);
        }
    }

    void write(StateOutput out) {
        out.writeVarInt(size);
        for (int i = 0; i < size; i++) {
            out.writeString(ids[i]);
            out.writeFloat(scores[i]);
        }
    }

    void read(StateInput in) throws IOException {
        size = in.readVarInt();
        grow(size);
        for (int i = 0; i < size; i++) {
            ids[i] = in.readString();
            hashes[i] = ids[i].hashCode();
            scores[i] = in.readFloat();
        }
    }
}
