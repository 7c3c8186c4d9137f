package dev.nudge.pattern;

import dev.nudge.event.Times;
import java.time.ZoneId;

/** Small pieces of the {@code reason} sentences of matches, in the user's time zone. */
final class Sentences {

    private Sentences() {}

    /** "1 item", "3 items". */
    static String count(long n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    /** "10:02 on 2017-11-25 (Asia/Shanghai)"; a date alone is {@link Times#date}. */
    static String clock(long time, ZoneId zone) {
        return Times.clock(time, zone)
                + " on "
                + Times.date(time, zone)
                + " ("
                + zone.getId()
                + ")";
    }
}
