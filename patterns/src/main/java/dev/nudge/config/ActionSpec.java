package dev.nudge.config;

import dev.nudge.event.Channel;
import java.time.Duration;
import java.util.List;

/**
 * The {@code action} block of a pattern: what to send when it matches.
 *
 * @param channels the channels to use, in order of preference
 * @param cooldown how long after an action the same pattern may not act on the same user again
 * @param ttl how long after its send time an action is still worth delivering
 * @param offers pattern-specific offers by segment, tried before the global ones
 * @param variants the variants users are split between; empty for none (everyone gets the action as
 *     written)
 * @param goal what a message of the pattern is meant to bring about ({@link Goal#PURCHASE} unless
 *     the pattern names another)
 */
public record ActionSpec(
        List<Channel> channels,
        String template,
        int priority,
        Duration cooldown,
        Duration ttl,
        SendTime sendTime,
        List<OfferRule> offers,
        List<Variant> variants,
        Goal goal) {

    public ActionSpec {
        channels = List.copyOf(channels);
        offers = List.copyOf(offers);
        variants = List.copyOf(variants);
        goal = goal == null ? Goal.PURCHASE : goal;
    }
}
