package dev.nudge.config;

import dev.nudge.event.Channel;
import java.util.List;

/**
 * One variant of a pattern's action, {@code action.variants[]}: users who are not held out are
 * split between the variants of a pattern in proportion to their weights, and each variant may send
 * something else than the action does. Whatever it leaves out ({@code null}) is the action's.
 *
 * @param id names the variant in actions, decisions, conversions and metrics
 * @param weight its share of the users, relative to the other variants' weights; 0 for none
 * @param template the senders' template instead of the action's, or {@code null}
 * @param offer the offer code every action of the variant carries, instead of the one the offer
 *     rules give, or {@code null}
 * @param channels the channels instead of the action's, in order of preference, or {@code null}
 * @param sendTime the send time instead of the action's, or {@code null}
 */
public record Variant(
        String id,
        double weight,
        String template,
        String offer,
        List<Channel> channels,
        SendTime sendTime) {

    public Variant {
        channels = channels == null ? null : List.copyOf(channels);
    }
}
