package dev.nudge.policy;

import dev.nudge.event.Channel;
import dev.nudge.event.EventType;

/**
 * A sender's feedback on an action, linked to what sent it, for {@code marketing-engagement}: one
 * record per action and step, the first time the step is reported.
 *
 * @param actionId the action the feedback is about
 * @param variant the variant that was sent, or {@code null}
 * @param channel the channel the action went on
 * @param configVersion the configuration the action was sent under
 * @param sentAt the action's send time
 * @param at the time of the feedback event
 */
public record Engagement(
        String actionId,
        String userId,
        String patternId,
        String variant,
        Channel channel,
        String configVersion,
        Step step,
        long sentAt,
        long at) {

    /** How far a message got with the user. */
    public enum Step {
        DELIVERED,
        OPENED,
        CLICKED;

        /** The step a MESSAGE_* event reports, or {@code null} for another type. */
        public static Step of(EventType type) {
            return switch (type) {
                case MESSAGE_DELIVERED -> DELIVERED;
                case MESSAGE_OPENED -> OPENED;
                case MESSAGE_CLICKED -> CLICKED;
                default -> null;
            };
        }
    }
}
