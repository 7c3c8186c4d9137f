package dev.nudge.config;

import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A pattern's {@code schedule}: when its matches may be acted on, judged at their trigger time
 * (event time); a match outside it is suppressed as {@code OUT_OF_SCHEDULE}. Every part is
 * optional, and {@link #ALWAYS}, the schedule of a pattern that writes none, lets every match
 * through.
 *
 * @param from the first moment of the schedule, or {@code null} for no beginning
 * @param until the last moment of the schedule, whole (the last day, minute or second written), or
 *     {@code null} for no end
 * @param days the days of the week it runs on (in {@code zone}); empty for every day
 * @param hours the time of day it runs in (in {@code zone}), or {@code null} for all day
 * @param zone whose time zone local times are in: the configuration's or the user's
 */
public record Schedule(Bound from, Bound until, List<Day> days, Hours hours, Zone zone) {

    /** The schedule of a pattern that writes none: always. */
    public static final Schedule ALWAYS = new Schedule(null, null, List.of(), null, Zone.CONFIG);

    public Schedule {
        days = List.copyOf(days);
        Objects.requireNonNull(zone);
    }

    /** Whether the schedule lets every match through. */
    public boolean isAlways() {
        return from == null && until == null && days.isEmpty() && hours == null;
    }

    /** Whose time zone the local times of a schedule are in. */
    public enum Zone {
        /** The configuration's {@code timezone}. */
        CONFIG,
        /** The user's, from their REGISTER (else the configuration's). */
        USER
    }

    /** A day of the week, as a schedule writes it. */
    public enum Day {
        MON,
        TUE,
        WED,
        THU,
        FRI,
        SAT,
        SUN;

        /** The day of {@code day}. */
        public static Day of(DayOfWeek day) {
            return values()[day.ordinal()];
        }
    }

    /**
     * {@code from} or {@code until}: a date ({@code 2026-12-24}), or a date and time to the minute
     * or second ({@code 2026-12-24T23:59}), local in the schedule's zone or, with an offset ({@code
     * 2026-12-24T23:59+08:00}, {@code ...Z}), one instant everywhere. It stands for the whole day,
     * minute or second written: {@code from} begins with it, {@code until} ends with it.
     */
    public static final class Bound {
        /** What may be written, for error messages and the README. */
        public static final String EXPECTED =
                "a date or local date-time, e.g. \"2026-12-24\" or \"2026-12-24T23:59\", optionally"
                        + " with an offset, e.g. \"2026-12-24T23:59+08:00\"";

        private static final Pattern WRITTEN =
                Pattern.compile(
                        "(\\d{4}-\\d{2}-\\d{2})(?:T(\\d{2}:\\d{2})(:\\d{2})?(Z|[+-]\\d{2}:\\d{2})?)?");

        private final LocalDateTime start;
        private final ChronoUnit unit;
        private final ZoneOffset offset;

        private Bound(LocalDateTime start, ChronoUnit unit, ZoneOffset offset) {
            this.start = start;
            this.unit = unit;
            this.offset = offset;
        }

        /** The bound written as {@code text}, or {@code null} when it is not one. */
        public static Bound parse(String text) {
            Matcher m = WRITTEN.matcher(text);
            if (!m.matches()) {
                return null;
            }
            try {
                LocalDate date = LocalDate.parse(m.group(1));
                if (m.group(2) == null) {
                    return new Bound(date.atStartOfDay(), ChronoUnit.DAYS, null);
                }
                LocalTime time =
                        LocalTime.parse(m.group(2) + (m.group(3) == null ? "" : m.group(3)));
                ZoneOffset offset = m.group(4) == null ? null : ZoneOffset.of(m.group(4));
                ChronoUnit unit = m.group(3) == null ? ChronoUnit.MINUTES : ChronoUnit.SECONDS;
                return new Bound(date.atTime(time), unit, offset);
            } catch (DateTimeException e) {
                return null;
            }
        }

        /** The first moment of the day, minute or second written, local. */
        public LocalDateTime first() {
            return start;
        }

        /** The moment right after the day, minute or second written, local. */
        public LocalDateTime end() {
            return start.plus(1, unit);
        }

        /** The offset written, or {@code null} for a local time in the schedule's zone. */
        public ZoneOffset offset() {
            return offset;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Bound b
                    && start.equals(b.start)
                    && unit == b.unit
                    && Objects.equals(offset, b.offset);
        }

        @Override
        public int hashCode() {
            return Objects.hash(start, unit, offset);
        }

        /** As it is written: {@code 2026-12-24}, {@code 2026-12-24T23:59+08:00}. */
        @Override
        public String toString() {
            if (unit == ChronoUnit.DAYS) {
                return start.toLocalDate().toString();
            }
            String time =
                    unit == ChronoUnit.SECONDS
                            ? start.toLocalTime().withNano(0).toString()
                            : start.toLocalTime().toString().substring(0, 5);
            if (unit == ChronoUnit.SECONDS && time.length() == 5) {
                time += ":00";
            }
            return start.toLocalDate() + "T" + time + (offset == null ? "" : offset.getId());
        }
    }

    /**
     * {@code hours}: {@code "09:00-21:00"}, from the first time of day (included) to the second
     * (not included); a second time earlier than the first wraps past midnight ({@code
     * "21:00-02:00"}, and {@code "18:00-00:00"} runs to midnight).
     */
    public static final class Hours {
        /** What may be written, for error messages and the README. */
        public static final String EXPECTED =
                "two different times of day \"HH:MM-HH:MM\", e.g. \"09:00-21:00\" or \"21:00-02:00\""
                        + " past midnight; leave hours out for all day";

        private static final Pattern WRITTEN =
                Pattern.compile("(\\d{2}:\\d{2})\\s*-\\s*(\\d{2}:\\d{2})");

        private final LocalTime start;
        private final LocalTime end;

        public Hours(LocalTime start, LocalTime end) {
            if (start.equals(end)) {
                throw new IllegalArgumentException("hours from " + start + " to itself");
            }
            this.start = start;
            this.end = end;
        }

        /** The hours written as {@code text}, or {@code null} when they are not. */
        public static Hours parse(String text) {
            Matcher m = WRITTEN.matcher(text.strip());
            if (!m.matches()) {
                return null;
            }
            try {
                LocalTime start = LocalTime.parse(m.group(1));
                LocalTime end = LocalTime.parse(m.group(2));
                return start.equals(end) ? null : new Hours(start, end);
            } catch (DateTimeException e) {
                return null;
            }
        }

        /** The first time of day in the hours. */
        public LocalTime start() {
            return start;
        }

        /** The first time of day after them. */
        public LocalTime end() {
            return end;
        }

        /** Whether they run past midnight into the next day. */
        public boolean wraps() {
            return !end.isAfter(start);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Hours h && start.equals(h.start) && end.equals(h.end);
        }

        @Override
        public int hashCode() {
            return Objects.hash(start, end);
        }

        @Override
        public String toString() {
            return start + "-" + end;
        }
    }
}
