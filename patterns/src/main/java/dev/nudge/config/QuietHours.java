package dev.nudge.config;

import java.time.LocalTime;

/**
 * The hours, in the user's time zone, during which nothing is sent.
 *
 * @param mode {@link Mode#HOLD} keeps the action until the end of quiet hours, {@link Mode#DROP}
 *     suppresses it
 */
public record QuietHours(LocalTime start, LocalTime end, Mode mode) {

    /** What happens to an action decided inside quiet hours. */
    public enum Mode {
        HOLD,
        DROP
    }
}
