package dev.nudge.config;

import java.time.Duration;

/** The {@code params} block of one pattern, typed by its pattern type. */
public interface PatternParams {

    /** The longest stretch of event time one episode of this pattern can stay open. */
    Duration longestWindow();
}
