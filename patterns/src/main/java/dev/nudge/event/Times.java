package dev.nudge.event;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Event times: the value for "no time", and times as text, written by hand: every action, decision,
 * profile snapshot and reason carries several, and {@link DateTimeFormatter} costs more than the
 * rest of such a record. Years outside 1000–9999 go through the formatter, which writes them the
 * same way.
 */
public final class Times {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
    private static final long DAY = 86_400_000L;
    private static final long FIRST_DAY = LocalDate.of(1000, 1, 1).toEpochDay();
    private static final long LAST_DAY_EXCLUSIVE = LocalDate.of(10_000, 1, 1).toEpochDay();

    /**
     * No time: the moment has not happened (no purchase yet, no episode open, no timer armed). The
     * one name for it everywhere, in state and in code; state writes it in one byte.
     */
    public static final long NONE = Long.MIN_VALUE;

    private Times() {}

    /** {@code time + delta}, or {@link Long#MAX_VALUE} where the sum would overflow. */
    public static long saturatedAdd(long time, long delta) {
        long sum = time + delta;
        return ((time ^ sum) & (delta ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }

    /** {@code 2017-11-25T10:15:30.000Z}. */
    public static String utc(long epochMillis) {
        long day = Math.floorDiv(epochMillis, DAY);
        if (!fourDigitYear(day)) {
            return UTC.format(Instant.ofEpochMilli(epochMillis));
        }
        int ofDay = (int) Math.floorMod(epochMillis, DAY);
        StringBuilder text = new StringBuilder(24);
        date(text, day);
        text.append('T');
        two(text, ofDay / 3_600_000).append(':');
        two(text, ofDay / 60_000 % 60).append(':');
        two(text, ofDay / 1000 % 60).append('.');
        int millis = ofDay % 1000;
        text.append((char) ('0' + millis / 100)).append((char) ('0' + millis / 10 % 10));
        return text.append((char) ('0' + millis % 10)).append('Z').toString();
    }

    /** The day in {@code zone}, {@code 2017-11-25}. */
    public static String date(long epochMillis, ZoneId zone) {
        long local = local(epochMillis, zone);
        long day = Math.floorDiv(local, DAY);
        if (!fourDigitYear(day)) {
            return DateTimeFormatter.ISO_LOCAL_DATE.format(
                    Instant.ofEpochMilli(epochMillis).atZone(zone));
        }
        return date(new StringBuilder(10), day).toString();
    }

    /** The hour of the day in {@code zone}, 0–23. */
    public static int hour(long epochMillis, ZoneId zone) {
        return (int) Math.floorMod(local(epochMillis, zone), DAY) / 3_600_000;
    }

    /** The time of day in {@code zone}, {@code 10:02}. */
    public static String clock(long epochMillis, ZoneId zone) {
        int ofDay = (int) Math.floorMod(local(epochMillis, zone), DAY);
        StringBuilder text = new StringBuilder(5);
        two(text, ofDay / 3_600_000).append(':');
        return two(text, ofDay / 60_000 % 60).toString();
    }

    private static long local(long epochMillis, ZoneId zone) {
        if (zone == ZoneOffset.UTC) {
            return epochMillis;
        }
        int offset = zone.getRules().getOffset(Instant.ofEpochMilli(epochMillis)).getTotalSeconds();
        return epochMillis + offset * 1000L;
    }

    /** The civil date of a day since 1970-01-01 (H. Hinnant's algorithm). */
    private static StringBuilder date(StringBuilder text, long epochDay) {
        long z = epochDay + 719_468;
        long era = Math.floorDiv(z, 146_097);
        long doe = z - era * 146_097;
        long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        long mp = (5 * doy + 2) / 153;
        int dayOfMonth = (int) (doy - (153 * mp + 2) / 5 + 1);
        int month = (int) (mp < 10 ? mp + 3 : mp - 9);
        int year = (int) (yoe + era * 400 + (month <= 2 ? 1 : 0));
        text.append(year).append('-');
        two(text, month).append('-');
        return two(text, dayOfMonth);
    }

    /** Whether the day since 1970-01-01 is in the years 1000–9999, which are written by hand. */
    private static boolean fourDigitYear(long epochDay) {
        return epochDay >= FIRST_DAY && epochDay < LAST_DAY_EXCLUSIVE;
    }

    private static StringBuilder two(StringBuilder text, int value) {
        return text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
    }
}
