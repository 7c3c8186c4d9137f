package dev.nudge.config;

/** One entry of {@code patterns}: a configured instance of a pattern type. */
public record PatternSpec(
        String id,
        PatternType type,
        boolean enabled,
        PatternParams params,
        Audience audience,
        ActionSpec action) {}
