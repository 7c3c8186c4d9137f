package dev.nudge.journey;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Replays events through a {@link JourneyEngine} the way the journey operator does, in one thread
 * and without Flink: one journey per user, one timer per user, and a bounded-out-of-orderness
 * watermark that follows the events. The reference the Flink job is tested against, and the way to
 * look at per-user state without a cluster.
 */
public final class JourneyReplay implements JourneyOutput {
    private final JourneyEngine engine;
    private final long outOfOrderness;
    private final Map<String, Journey> journeys = new LinkedHashMap<>();
    private long maxSeen = Long.MIN_VALUE;
    private long watermark = Long.MIN_VALUE;

    public final List<Decision> decisions = new ArrayList<>();
    public final List<Action> actions = new ArrayList<>();
    public final List<UserEvent> late = new ArrayList<>();
    public final List<UserEvent> duplicates = new ArrayList<>();
    public final List<String> openEpisodes = new ArrayList<>();

    public JourneyReplay(PatternsConfig config, JourneySettings settings, long outOfOrderness) {
        this.engine = new JourneyEngine(config, settings);
        this.outOfOrderness = outOfOrderness;
    }

    public JourneyReplay(PatternsConfig config, long outOfOrderness) {
        this(config, JourneySettings.defaults(), outOfOrderness);
    }

    /** Delivers the events in the order given; the watermark follows the newest time seen. */
    public JourneyReplay send(UserEvent... events) {
        for (UserEvent event : events) {
            Journey journey = journeys.computeIfAbsent(event.userId(), u -> new Journey());
            engine.onEvent(event.userId(), journey, event, watermark, this);
            persist(event.userId(), journey);
            maxSeen = Math.max(maxSeen, event.ts());
            advanceWatermark(maxSeen - outOfOrderness - 1);
        }
        return this;
    }

    /** Moves the watermark (never back) and fires the timers it passes, like Flink. */
    public JourneyReplay advanceWatermark(long to) {
        if (to <= watermark) {
            return this;
        }
        watermark = to;
        for (Map.Entry<String, Journey> entry : new ArrayList<>(journeys.entrySet())) {
            Journey journey = entry.getValue();
            if (journey.armedTimer() != Long.MIN_VALUE && journey.armedTimer() <= watermark) {
                journey.armedTimer(Long.MIN_VALUE);
                engine.onTimer(entry.getKey(), journey, watermark, this);
                persist(entry.getKey(), journey);
            }
        }
        return this;
    }

    /** The end of a bounded input: the watermark jumps to the end of time. */
    public JourneyReplay endOfInput() {
        return advanceWatermark(Long.MAX_VALUE);
    }

    public Journey journey(String userId) {
        return journeys.get(userId);
    }

    /** Every user's journey as it stands now. */
    public Map<String, Journey> journeys() {
        return java.util.Collections.unmodifiableMap(journeys);
    }

    public long watermark() {
        return watermark;
    }

    private void persist(String userId, Journey journey) {
        if (journey.isEmpty()) {
            journeys.remove(userId);
            return;
        }
        // A timer at the end of time fires once, at the end of input; after that, never again.
        journey.armedTimer(
                watermark == Long.MAX_VALUE ? Long.MIN_VALUE : engine.nextWakeUp(journey));
    }

    @Override
    public void decision(Decision decision) {
        decisions.add(decision);
    }

    @Override
    public void action(Action action) {
        actions.add(action);
    }

    @Override
    public void late(UserEvent event, long watermark) {
        late.add(event);
    }

    @Override
    public void duplicate(UserEvent event) {
        duplicates.add(event);
    }

    @Override
    public void openEpisode(OpenEpisode episode) {
        openEpisodes.add(episode.patternId() + "/" + episode.userId());
    }
}
