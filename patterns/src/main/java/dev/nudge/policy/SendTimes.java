package dev.nudge.policy;

import dev.nudge.config.QuietHours;
import dev.nudge.config.SendTime;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When an action may be sent (SPEC §6): not inside the quiet hours of the user's time zone, and for
 * {@code sendTime: BEST_HOUR} at the start of the user's most active hour within 24 hours. Local
 * times are resolved with the zone's rules on the day, so that a daylight-saving change moves the
 * instant, not the local time: quiet hours ending at 08:00 end at 08:00 on the clock on the night
 * the clocks go forward, and a local time that does not exist that night is taken as the first
 * instant after the gap.
 */
public final class SendTimes {
    private final QuietHours quiet;

    public SendTimes(QuietHours quiet) {
        this.quiet = quiet;
    }

    /** Whether {@code time} lies inside the quiet hours of {@code zone} (start inclusive). */
    public boolean isQuiet(long time, ZoneId zone) {
        return quiet != null && isQuiet(localTime(time, zone));
    }

    private boolean isQuiet(LocalTime local) {
        LocalTime start = quiet.start();
        LocalTime end = quiet.end();
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /** The first instant at or after {@code time} outside the quiet hours of {@code zone}. */
    public long outsideQuietHours(long time, ZoneId zone) {
        if (!isQuiet(time, zone)) {
            return time;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(time), zone);
        LocalDate day =
                local.toLocalTime().isBefore(quiet.end())
                        ? local.toLocalDate()
                        : local.toLocalDate().plusDays(1);
        return ZonedDateTime.of(day, quiet.end(), zone).toInstant().toEpochMilli();
    }

    /**
     * The planned send time of an action decided at {@code now}: for {@code BEST_HOUR} the next
     * start of the most active hour of the day that is not quiet (now, if the user is in that hour;
     * as soon as possible without any activity); then out of quiet hours.
     *
     * @param hourScores the user's activity per local hour of the day, or {@code null}
     */
    public long plan(long now, ZoneId zone, SendTime mode, float[] hourScores) {
        long at = now;
        if (mode == SendTime.BEST_HOUR) {
            int hour = bestOpenHour(hourScores);
            if (hour >= 0) {
                at = nextStartOfHour(now, zone, hour);
            }
        }
        return outsideQuietHours(at, zone);
    }

    /** The most active hour whose start is not quiet, -1 if none has any activity. */
    private int bestOpenHour(float[] hourScores) {
        if (hourScores == null) {
            return -1;
        }
        int best = -1;
        for (int hour = 0; hour < hourScores.length; hour++) {
            if (hourScores[hour] > 0
                    && (best < 0 || hourScores[hour] > hourScores[best])
                    && (quiet == null || !isQuiet(LocalTime.of(hour, 0)))) {
                best = hour;
            }
        }
        return best;
    }

    /** {@code now} if it lies in local hour {@code hour}, else the next start of that hour. */
    private static long nextStartOfHour(long now, ZoneId zone, int hour) {
        ZonedDateTime local = Instant.ofEpochMilli(now).atZone(zone);
        if (local.getHour() == hour) {
            return now;
        }
        LocalDate day =
                local.getHour() < hour ? local.toLocalDate() : local.toLocalDate().plusDays(1);
        ZonedDateTime start = ZonedDateTime.of(day, LocalTime.of(hour, 0), zone);
        return start.toInstant().toEpochMilli();
    }

    private static LocalTime localTime(long time, ZoneId zone) {
        return LocalTime.ofInstant(Instant.ofEpochMilli(time), zone);
    }
}
