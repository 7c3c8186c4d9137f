package dev.nudge.event;

import java.math.BigDecimal;

/**
 * How a deployment counts money: one currency, and every amount the job keeps or adds up (spend,
 * revenue) as a whole number of its minor units (fen for CNY, cents for USD, yen for JPY), so that
 * three purchases of 100.1 make exactly 300.3. Event prices arrive as decimals and are rounded half
 * up to the minor unit once, when a purchase line is counted; sums saturate at {@link
 * Long#MAX_VALUE} instead of overflowing. Thresholds in the configuration are compared after the
 * same conversion.
 *
 * @param currency the ISO 4217 code, e.g. {@code CNY}
 * @param digits the digits of its minor unit (2 for CNY, 0 for JPY, 3 for KWD)
 */
public record Money(String currency, int digits) {
    private static final long[] POWERS = {1, 10, 100, 1_000, 10_000};

    /** What a configuration without {@code currency} counts in. */
    public static final Money DEFAULT = of("CNY");

    public Money {
        if (digits < 0 || digits >= POWERS.length) {
            throw new IllegalArgumentException(currency + " has " + digits + " minor digits");
        }
    }

    /** The currency with this ISO 4217 code and its usual minor unit. */
    public static Money of(String code) {
        java.util.Currency currency = java.util.Currency.getInstance(code);
        return new Money(
                currency.getCurrencyCode(), Math.max(0, currency.getDefaultFractionDigits()));
    }

    /** An amount in major units (a price, a threshold) in minor units, half up. */
    public long minorUnits(double amount) {
        return Math.round(amount * POWERS[digits]);
    }

    /** What a purchase line adds: the unit price in minor units times the quantity. */
    public long lineTotal(Double price, int quantity) {
        if (price == null) {
            return 0;
        }
        long unit = minorUnits(price);
        long total = unit * quantity;
        return unit != 0 && total / unit != quantity ? Long.MAX_VALUE : total;
    }

    /** {@code a + b}, or {@link Long#MAX_VALUE} beyond it; both are not negative. */
    public static long add(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }

    /** An amount in minor units as an exact decimal in major units, e.g. 30030 → 300.30. */
    public BigDecimal decimal(long minor) {
        return BigDecimal.valueOf(minor, digits);
    }

    /** For people: grouped thousands and the currency's digits, e.g. {@code 1,005.00}. */
    public String format(long minor) {
        return String.format(java.util.Locale.ROOT, "%,." + digits + "f", decimal(minor));
    }
}
