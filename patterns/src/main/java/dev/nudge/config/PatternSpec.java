package dev.nudge.config;

/**
 * One entry of {@code patterns}: a configured instance of a pattern type.
 *
 * @param schedule when its matches may be acted on; {@link Schedule#ALWAYS} when none is written
 * @param holdoutPercent the share of users held out of this pattern, instead of {@code
 *     policy.holdoutPercent}; {@code null} for the policy's
 */
public record PatternSpec(
        String id,
        PatternType type,
        boolean enabled,
        PatternParams params,
        Audience audience,
        ActionSpec action,
        Schedule schedule,
        Double holdoutPercent) {}
