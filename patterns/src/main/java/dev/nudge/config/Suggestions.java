package dev.nudge.config;

import java.util.Collection;

/** Finds the valid word an operator most likely meant, for "did you mean" hints. */
final class Suggestions {
    private Suggestions() {}

    /** The candidate closest to {@code word}, or {@code null} if none is plausibly meant. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int tolerance = Math.max(2, word.length() / 3);
        int bestDistance = tolerance + 1;
        char[] lower = word.toLowerCase().toCharArray();
        for (String candidate : candidates) {
            if (Math.abs(candidate.length() - word.length()) >= bestDistance) {
                continue; // further apart than the best so far: no need to measure how far
            }
            int distance = distance(lower, candidate.toLowerCase().toCharArray(), bestDistance);
            if (distance < bestDistance) {
                bestDistance = distance;
                best = candidate;
            }
        }
        return best;
    }

    /**
     * What follows an error's expectation when {@code word} was likely meant as one of the {@code
     * candidates}: {@code (did you mean "x"?)}, or nothing.
     */
    static String hint(String word, Collection<String> candidates) {
        String closest = closest(word, candidates);
        return closest == null ? "" : " (did you mean \"" + closest + "\"?)";
    }

    /** Optimal string alignment distance: edits, with a swap of neighbours counted once. */
    static int distance(String a, String b) {
        return distance(a.toCharArray(), b.toCharArray(), Integer.MAX_VALUE);
    }

    /**
     * The distance between {@code a} and {@code b}, or any number of at least {@code limit} once it
     * is clear that it is that far: a document may hold thousands of unknown keys, each measured
     * against every valid one.
     */
    private static int distance(char[] a, char[] b, int limit) {
        int[] twoBack = new int[b.length + 1];
        int[] previous = new int[b.length + 1];
        int[] current = new int[b.length + 1];
        for (int j = 0; j <= b.length; j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length; i++) {
            current[0] = i;
            int rowMinimum = i;
            for (int j = 1; j <= b.length; j++) {
                int cost = a[i - 1] == b[j - 1] ? 0 : 1;
                int d =
                        Math.min(
                                Math.min(previous[j] + 1, current[j - 1] + 1),
                                previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1]) {
                    d = Math.min(d, twoBack[j - 2] + 1);
                }
                current[j] = d;
                rowMinimum = Math.min(rowMinimum, d);
            }
            if (rowMinimum >= limit) {
                return limit;
            }
            int[] spare = twoBack;
            twoBack = previous;
            previous = current;
            current = spare;
        }
        return previous[b.length];
    }
}
