package dev.nudge.generate;

/** The kinds of shopper the generator mixes, with how often each appears. */
enum Persona {
    /** Browses regularly, never buys. */
    BROWSER(0.30, 0.9, 0.04, 0.0, 0.0),
    /** Buys now and then, without a rhythm. */
    OCCASIONAL(0.35, 0.5, 0.22, 0.55, 0.15),
    /** Buys again and again from the same categories, on a personal cycle. */
    LOYAL(0.20, 0.6, 0.35, 0.75, 0.15),
    /** Buys mostly with coupons. */
    BARGAIN_HUNTER(0.15, 0.7, 0.28, 0.6, 0.8);

    final double share;
    final double sessionsPerDay;
    final double cartRate;
    final double purchaseRate;
    final double discountRate;

    Persona(
            double share,
            double sessionsPerDay,
            double cartRate,
            double purchaseRate,
            double discountRate) {
        this.share = share;
        this.sessionsPerDay = sessionsPerDay;
        this.cartRate = cartRate;
        this.purchaseRate = purchaseRate;
        this.discountRate = discountRate;
    }

    static Persona draw(double u) {
        double cumulative = 0;
        for (Persona persona : values()) {
            cumulative += persona.share;
            if (u < cumulative) {
                return persona;
            }
        }
        return OCCASIONAL;
    }
}
