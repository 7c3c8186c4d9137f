package dev.nudge.generate;

import java.util.SplittableRandom;

/**
 * A synthetic shop: categories of unequal popularity (Zipf), each with its own items, brands and
 * price level. Ids are numeric strings, like those of real exports.
 */
final class Catalogue {
    static final int CATEGORIES = 120;
    static final int ITEMS_PER_CATEGORY = 80;
    static final int BRANDS_PER_CATEGORY = 6;

    private final String[] categoryIds = new String[CATEGORIES];
    private final double[] basePrice = new double[CATEGORIES];
    private final double[] cumulativePopularity = new double[CATEGORIES];

    Catalogue(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double total = 0;
        for (int c = 0; c < CATEGORIES; c++) {
            categoryIds[c] = Integer.toString(1_000_000 + c * 7_919);
            basePrice[c] = Math.round(Math.exp(2.5 + random.nextDouble() * 3.5));
            total += 1.0 / Math.pow(c + 1, 0.9);
            cumulativePopularity[c] = total;
        }
        for (int c = 0; c < CATEGORIES; c++) {
            cumulativePopularity[c] /= total;
        }
    }

    /** A category drawn by popularity. */
    int popularCategory(SplittableRandom random) {
        double u = random.nextDouble();
        for (int c = 0; c < CATEGORIES; c++) {
            if (u <= cumulativePopularity[c]) {
                return c;
            }
        }
        return CATEGORIES - 1;
    }

    String categoryId(int category) {
        return categoryIds[category];
    }

    /** Items within a category are popular by Zipf too: a few are viewed a lot. */
    int item(int category, SplittableRandom random) {
        double u = random.nextDouble();
        return (int) Math.floor(Math.pow(u, 2.2) * ITEMS_PER_CATEGORY);
    }

    String itemId(int category, int item) {
        return Integer.toString(10_000_000 + category * ITEMS_PER_CATEGORY + item);
    }

    String brand(int category, int item) {
        return "brand-" + (category * BRANDS_PER_CATEGORY + item % BRANDS_PER_CATEGORY);
    }

    double price(int category, int item) {
        double factor = 0.6 + ((item * 37) % 100) / 100.0;
        return Math.round(basePrice[category] * factor * 100) / 100.0;
    }
}
