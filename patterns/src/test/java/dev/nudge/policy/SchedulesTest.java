package dev.nudge.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.Schedule;
import dev.nudge.testing.Configs;
import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

/**
 * {@link Schedules}: which trigger times a pattern's schedule lets through, at its edges. The
 * schedules are written as an operator writes them; times are local to Shanghai unless said.
 */
class SchedulesTest {
    private static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final long MILLI = 1;

    private static Schedule schedule(String written) {
        return Configs.parse(
                        """
                        version: "schedule-1"
                        timezone: Asia/Shanghai
                        patterns:
                          - id: p
                            type: BROWSE_WITHOUT_BUY
                            schedule: %s
                            action: {channels: [PUSH], template: t}
                        """
                                .formatted(written))
                .pattern("p")
                .schedule();
    }

    /** The instant of a local time in {@code zone}. */
    private static long at(String local, ZoneId zone) {
        return LocalDateTime.parse(local).atZone(zone).toInstant().toEpochMilli();
    }

    private static long shanghai(String local) {
        return at(local, SHANGHAI);
    }

    @Test
    void fromAndUntilAreTheWholeMinutesWritten() {
        Schedule december = schedule("{from: \"2026-12-01T09:00\", until: \"2026-12-24T23:59\"}");

        assertThat(Schedules.allows(december, shanghai("2026-12-01T09:00") - MILLI, SHANGHAI))
                .as("just before from")
                .isFalse();
        assertThat(Schedules.allows(december, shanghai("2026-12-01T09:00"), SHANGHAI))
                .as("at from")
                .isTrue();
        assertThat(Schedules.allows(december, shanghai("2026-12-25T00:00") - MILLI, SHANGHAI))
                .as("the last millisecond of the minute until")
                .isTrue();
        assertThat(Schedules.allows(december, shanghai("2026-12-25T00:00"), SHANGHAI))
                .as("just after until")
                .isFalse();
    }

    @Test
    void datesAreWholeDaysAndSecondsWholeSeconds() {
        Schedule days = schedule("{from: 2026-12-01, until: 2026-12-24}");
        assertThat(Schedules.allows(days, shanghai("2026-12-01T00:00") - MILLI, SHANGHAI))
                .isFalse();
        assertThat(Schedules.allows(days, shanghai("2026-12-01T00:00"), SHANGHAI)).isTrue();
        assertThat(Schedules.allows(days, shanghai("2026-12-24T23:59:59.999"), SHANGHAI)).isTrue();
        assertThat(Schedules.allows(days, shanghai("2026-12-25T00:00"), SHANGHAI)).isFalse();

        Schedule second = schedule("{until: \"2026-12-24T12:00:30\"}");
        assertThat(Schedules.allows(second, shanghai("2026-12-24T12:00:30.999"), SHANGHAI))
                .isTrue();
        assertThat(Schedules.allows(second, shanghai("2026-12-24T12:00:31"), SHANGHAI)).isFalse();
    }

    @Test
    void localBoundsAreInTheZoneGivenButABoundWithAnOffsetIsOneInstantEverywhere() {
        Schedule local = schedule("{from: \"2026-12-01T00:00\"}");
        long berlinMidnight = at("2026-12-01T00:00", BERLIN);
        assertThat(Schedules.allows(local, berlinMidnight, BERLIN)).isTrue();
        assertThat(Schedules.allows(local, berlinMidnight - MILLI, BERLIN)).isFalse();
        assertThat(Schedules.allows(local, berlinMidnight - MILLI, SHANGHAI))
                .as("in Shanghai it is already 07:00")
                .isTrue();

        Schedule instant = schedule("{from: \"2026-12-01T00:00+08:00\"}");
        long begins = shanghai("2026-12-01T00:00");
        assertThat(Schedules.allows(instant, begins, BERLIN))
                .as("17:00 the day before in Berlin")
                .isTrue();
        assertThat(Schedules.allows(instant, begins - MILLI, BERLIN)).isFalse();
        assertThat(Schedules.allows(instant, begins - MILLI, SHANGHAI)).isFalse();
    }

    @Test
    void daysAreTheLocalDaysOfTheWeek() {
        Schedule weekend = schedule("{days: [SAT, SUN]}");

        // 2026-12-04 is a Friday.
        assertThat(Schedules.allows(weekend, shanghai("2026-12-05T00:00") - MILLI, SHANGHAI))
                .as("Friday, the last millisecond")
                .isFalse();
        assertThat(Schedules.allows(weekend, shanghai("2026-12-05T00:00"), SHANGHAI))
                .as("Saturday")
                .isTrue();
        assertThat(Schedules.allows(weekend, shanghai("2026-12-06T23:59:59.999"), SHANGHAI))
                .as("Sunday, the last millisecond")
                .isTrue();
        assertThat(Schedules.allows(weekend, shanghai("2026-12-07T00:00"), SHANGHAI))
                .as("Monday")
                .isFalse();
        assertThat(Schedules.allows(weekend, shanghai("2026-12-05T00:00"), BERLIN))
                .as("still Friday in Berlin")
                .isFalse();
    }

    @Test
    void hoursIncludeTheirStartAndNotTheirEnd() {
        Schedule daytime = schedule("{hours: \"09:00-21:00\"}");

        assertThat(Schedules.allows(daytime, shanghai("2026-12-01T09:00") - MILLI, SHANGHAI))
                .isFalse();
        assertThat(Schedules.allows(daytime, shanghai("2026-12-01T09:00"), SHANGHAI)).isTrue();
        assertThat(Schedules.allows(daytime, shanghai("2026-12-01T21:00") - MILLI, SHANGHAI))
                .isTrue();
        assertThat(Schedules.allows(daytime, shanghai("2026-12-01T21:00"), SHANGHAI)).isFalse();
    }

    @Test
    void hoursPastMidnightBelongToTheDayTheyBeganOn() {
        Schedule fridayNight = schedule("{days: [FRI], hours: \"21:00-02:00\"}");

        // 2026-12-04 is a Friday.
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-04T21:00") - MILLI, SHANGHAI))
                .as("Friday 20:59")
                .isFalse();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-04T21:00"), SHANGHAI))
                .as("Friday 21:00")
                .isTrue();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-05T00:00"), SHANGHAI))
                .as("Saturday midnight, still Friday night")
                .isTrue();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-05T02:00") - MILLI, SHANGHAI))
                .as("Saturday 01:59")
                .isTrue();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-05T02:00"), SHANGHAI))
                .as("Saturday 02:00")
                .isFalse();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-04T01:00"), SHANGHAI))
                .as("Friday 01:00 is Thursday night")
                .isFalse();
        assertThat(Schedules.allows(fridayNight, shanghai("2026-12-05T21:00"), SHANGHAI))
                .as("Saturday night")
                .isFalse();

        Schedule evening = schedule("{hours: \"18:00-00:00\"}");
        assertThat(Schedules.allows(evening, shanghai("2026-12-05T00:00") - MILLI, SHANGHAI))
                .as("runs to midnight")
                .isTrue();
        assertThat(Schedules.allows(evening, shanghai("2026-12-05T00:00"), SHANGHAI)).isFalse();
        assertThat(Schedules.allows(evening, shanghai("2026-12-05T18:00") - MILLI, SHANGHAI))
                .isFalse();
    }

    @Test
    void everyPartMustAgree() {
        Schedule advent =
                schedule(
                        "{from: 2026-12-01, until: 2026-12-24, days: [MON, TUE, WED, THU, FRI],"
                                + " hours: \"09:00-21:00\"}");

        assertThat(Schedules.allows(advent, shanghai("2026-12-01T10:00"), SHANGHAI))
                .as("a Tuesday morning in December")
                .isTrue();
        assertThat(Schedules.allows(advent, shanghai("2026-12-05T10:00"), SHANGHAI))
                .as("a Saturday")
                .isFalse();
        assertThat(Schedules.allows(advent, shanghai("2026-12-01T22:00"), SHANGHAI))
                .as("a Tuesday night")
                .isFalse();
        assertThat(Schedules.allows(advent, shanghai("2026-11-30T10:00"), SHANGHAI))
                .as("a Monday in November")
                .isFalse();
        assertThat(Schedules.allows(Schedule.ALWAYS, 0, SHANGHAI)).isTrue();
    }
}
