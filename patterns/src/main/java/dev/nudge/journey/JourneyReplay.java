package dev.nudge.journey;

import dev.nudge.config.PatternsConfig;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
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
    private final java.util.TreeSet<Timer> timers = new java.util.TreeSet<>();
    private long maxSeen = Long.MIN_VALUE;
    private long eventWakeUps;
    private long timerWakeUps;
    private long timerChanges;
    private long watermark = Long.MIN_VALUE;

    public final List<Decision> decisions = new ArrayList<>();
    public final List<Action> actions = new ArrayList<>();
    public final List<Conversion> conversions = new ArrayList<>();
    public final List<Engagement> engagement = new ArrayList<>();
    public final List<FlowEvent> flows = new ArrayList<>();

    /** Feedback not linked to a recent send, and feedback on a step already linked. */
    public final List<UserEvent> unlinkedFeedback = new ArrayList<>();

    public final List<UserEvent> repeatedFeedback = new ArrayList<>();
    public final List<UserEvent> late = new ArrayList<>();
    public final List<UserEvent> duplicates = new ArrayList<>();
    public final List<String> openEpisodes = new ArrayList<>();

    /** The episodes still open and the moments still held at the end of input, as reported. */
    public final List<OpenEpisode> episodesAtEnd = new ArrayList<>();

    /** Each user's profile at the end of input, as {@code user-profiles} JSON, by user. */
    public final Map<String, byte[]> finalProfiles = new java.util.TreeMap<>();

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
            if (event.ts() > watermark) {
                eventWakeUps++;
            }
            engine.onEvent(event.userId(), journey, event, watermark, this);
            persist(event.userId(), journey);
            maxSeen = Math.max(maxSeen, event.ts());
            advanceWatermark(maxSeen - outOfOrderness - 1);
        }
        return this;
    }

    /**
     * Delivers a match of a SEQUENCE pattern, as its CEP operator would: the watermark stays where
     * the events put it.
     */
    public JourneyReplay sendMatch(Match match) {
        if (engine.suppressIfErased(match, watermark, this)) {
            return this;
        }
        Journey journey = journeys.computeIfAbsent(match.userId(), u -> new Journey());
        eventWakeUps++;
        engine.onMatch(match.userId(), journey, match, watermark, this);
        persist(match.userId(), journey);
        return this;
    }

    /**
     * Moves the watermark (never back) and fires the timers it passes, in time order, like Flink.
     */
    public JourneyReplay advanceWatermark(long to) {
        if (to <= watermark) {
            return this;
        }
        watermark = to;
        while (!timers.isEmpty() && timers.first().time() <= watermark) {
            Timer timer = timers.pollFirst();
            Journey journey = journeys.get(timer.userId());
            journey.armedTimer(Times.NONE);
            timerWakeUps++;
            engine.onTimer(timer.userId(), journey, watermark, this);
            persist(timer.userId(), journey);
        }
        return this;
    }

    /** A configuration published live, applied between two deliveries as the job applies it. */
    public JourneyReplay reconfigure(PatternsConfig live) {
        engine.reconfigure(live);
        return this;
    }

    /** The end of a bounded input: the watermark jumps to the end of time. */
    public JourneyReplay endOfInput() {
        return advanceWatermark(Long.MAX_VALUE);
    }

    public Journey journey(String userId) {
        return journeys.get(userId);
    }

    /**
     * Puts a journey read back from state in place of the user's, with its timer, as a restore from
     * a savepoint does.
     */
    public JourneyReplay restore(String userId, Journey journey) {
        Journey replaced = journeys.put(userId, journey);
        if (replaced != null && replaced.armedTimer() != Times.NONE) {
            timers.remove(new Timer(replaced.armedTimer(), userId));
        }
        if (journey.armedTimer() != Times.NONE) {
            timers.add(new Timer(journey.armedTimer(), userId));
        }
        return this;
    }

    /**
     * How many times a user's state was read and written: once per event that was not late (late
     * events are dropped before state is touched) and once per timer.
     */
    public long stateAccesses() {
        return eventWakeUps + timerWakeUps;
    }

    /** How many timer registrations and deletions the replay made. */
    public long timerChanges() {
        return timerChanges;
    }

    /** How many of the state accesses were timers firing. */
    public long timerWakeUps() {
        return timerWakeUps;
    }

    /** Every user's journey as it stands now. */
    public Map<String, Journey> journeys() {
        return java.util.Collections.unmodifiableMap(journeys);
    }

    public long watermark() {
        return watermark;
    }

    private void persist(String userId, Journey journey) {
        engine.rearm(
                journey,
                watermark,
                new JourneyEngine.Timers() {
                    @Override
                    public void register(long time) {
                        timerChanges++;
                        timers.add(new Timer(time, userId));
                    }

                    @Override
                    public void delete(long time) {
                        timerChanges++;
                        timers.remove(new Timer(time, userId));
                    }
                });
        if (journey.isEmpty()) {
            journeys.remove(userId);
        }
    }

    private record Timer(long time, String userId) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer other) {
            return time != other.time
                    ? Long.compare(time, other.time)
                    : userId.compareTo(other.userId);
        }
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
    public void conversion(Conversion conversion) {
        conversions.add(conversion);
    }

    @Override
    public void flow(FlowEvent event) {
        flows.add(event);
    }

    @Override
    public void engagement(Engagement step) {
        engagement.add(step);
    }

    @Override
    public void unlinkedFeedback(UserEvent feedback) {
        unlinkedFeedback.add(feedback);
    }

    @Override
    public void repeatedFeedback(UserEvent feedback) {
        repeatedFeedback.add(feedback);
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
        episodesAtEnd.add(episode);
    }

    @Override
    public void finalProfile(String userId, long at, byte[] snapshot) {
        finalProfiles.put(userId, snapshot);
    }
}
