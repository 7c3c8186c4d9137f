package dev.nudge.pattern;

import dev.nudge.wire.Times;
import java.time.ZoneId;
import java.util.Locale;

/** Small pieces of the {@code reason} sentences of matches, in the user's time zone. */
final class Sentences {

    private Sentences() {}

    /** "1 item", "3 items". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "10:02 on 2017-11-25 (Asia/Shanghai)". */
    static String clock(long time, ZoneId zone) {
        return Times.clock(time, zone)
                + " on "
                + Times.date(time, zone)
                + " ("
                + zone.getId()
                + ")";
    }

    /** "2017-11-25", the day in the user's zone. */
    static String date(long time, ZoneId zone) {
        return Times.date(time, zone);
    }

    /** "1,250.00". */
    static String money(double amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }
}
