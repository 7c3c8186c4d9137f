package dev.nudge.config;

/** When an action may be sent once it is decided. */
public enum SendTime {
    /** As soon as possible, outside quiet hours. */
    ASAP,
    /** At the user's most active hour within the next 24 h. */
    BEST_HOUR
}
