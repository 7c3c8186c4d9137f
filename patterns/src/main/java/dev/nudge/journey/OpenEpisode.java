package dev.nudge.journey;

import dev.nudge.pattern.PatternType;

/**
 * An episode still open when a bounded input ended: a backtest reports it instead of firing it,
 * because the end of a file is not the end of time (SPEC §8).
 *
 * @param since when the episode began
 */
public record OpenEpisode(String userId, String patternId, PatternType type, long since) {}
