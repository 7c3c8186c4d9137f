package dev.nudge.pattern;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Small pieces of the {@code reason} sentences of matches, in the user's time zone. */
final class Sentences {
    private static final DateTimeFormatter CLOCK =
            DateTimeFormatter.ofPattern("HH:mm 'on' yyyy-MM-dd", Locale.ROOT);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ISO_LOCAL_DATE;

    private Sentences() {}

    /** "1 item", "3 items". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "10:02 on 2017-11-25 (Asia/Shanghai)". */
    static String clock(long time, ZoneId zone) {
        return CLOCK.format(Instant.ofEpochMilli(time).atZone(zone)) + " (" + zone.getId() + ")";
    }

    /** "2017-11-25", the day in the user's zone. */
    static String date(long time, ZoneId zone) {
        return DATE.format(Instant.ofEpochMilli(time).atZone(zone));
    }

    /** "1,250.00". */
    static String money(double amount) {
        return String.format(Locale.ROOT, "%,.2f", amount);
    }
}
