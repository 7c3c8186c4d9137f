package dev.nudge.config;

import java.util.List;

/**
 * Who a pattern may act on. Empty lists do not restrict.
 *
 * @param segments the user must have at least one of these segment tags
 * @param stages the user must be in one of these lifecycle stages
 * @param exclude the user must have none of these segment tags or stages
 */
public record Audience(List<String> segments, List<LifecycleStage> stages, List<String> exclude) {

    public static final Audience EVERYONE = new Audience(List.of(), List.of(), List.of());

    public Audience {
        segments = List.copyOf(segments);
        stages = List.copyOf(stages);
        exclude = List.copyOf(exclude);
    }

    public boolean isEveryone() {
        return segments.isEmpty() && stages.isEmpty() && exclude.isEmpty();
    }
}
