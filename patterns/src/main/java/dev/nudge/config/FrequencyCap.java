package dev.nudge.config;

import java.time.Duration;

/**
 * At most {@code max} actions per user within any rolling {@code per}, on one channel or across all
 * ({@code channel == null} means ANY).
 */
public record FrequencyCap(dev.nudge.event.Channel channel, int max, Duration per) {}
