package dev.nudge.policy;

import dev.nudge.config.Schedule;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;

/**
 * Whether a pattern's {@link Schedule} lets a match through at its trigger time. Event time only,
 * so a backtest decides exactly as the live job did.
 */
final class Schedules {
    private Schedules() {}

    /**
     * Whether {@code at} is in {@code schedule}, its local times in {@code zone}: not before {@code
     * from}, before the end of {@code until}, within {@code hours}, on one of {@code days}. Hours
     * that run past midnight belong to the day they began on: with {@code days: [FRI]} and {@code
     * hours: "21:00-02:00"}, Saturday 01:00 is in and Friday 01:00 is not.
     */
    static boolean allows(Schedule schedule, long at, ZoneId zone) {
        if (schedule.isAlways()) {
            return true;
        }
        LocalDateTime local = LocalDateTime.ofInstant(Instant.ofEpochMilli(at), zone);
        Schedule.Bound from = schedule.from();
        if (from != null && before(at, local, from.first(), from)) {
            return false;
        }
        Schedule.Bound until = schedule.until();
        if (until != null && !before(at, local, until.end(), until)) {
            return false;
        }
        LocalDate day = local.toLocalDate();
        Schedule.Hours hours = schedule.hours();
        if (hours != null) {
            LocalTime time = local.toLocalTime();
            boolean afterStart = !time.isBefore(hours.start());
            boolean beforeEnd = time.isBefore(hours.end());
            if (!hours.wraps()) {
                if (!afterStart || !beforeEnd) {
                    return false;
                }
            } else if (!afterStart) {
                if (!beforeEnd) {
                    return false;
                }
                day = day.minusDays(1);
            }
        }
        return schedule.days().isEmpty()
                || schedule.days().contains(Schedule.Day.of(day.getDayOfWeek()));
    }

    /**
     * Whether {@code at} (and {@code local}, the same in the schedule's zone) is before {@code
     * bound}'s moment {@code moment}: as instants when the bound has an offset, else as local
     * times.
     */
    private static boolean before(
            long at, LocalDateTime local, LocalDateTime moment, Schedule.Bound bound) {
        if (bound.offset() != null) {
            return at < moment.toInstant(bound.offset()).toEpochMilli();
        }
        return local.isBefore(moment);
    }
}
