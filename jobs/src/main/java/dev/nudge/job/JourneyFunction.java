package dev.nudge.job;

import dev.nudge.config.ConfigException;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.control.ConfigUpdate;
import dev.nudge.control.LiveConfiguration;
import dev.nudge.event.RejectReason;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.flow.FlowEvent;
import dev.nudge.journey.Journey;
import dev.nudge.journey.JourneyEngine;
import dev.nudge.journey.JourneyOutput;
import dev.nudge.journey.JourneySettings;
import dev.nudge.journey.OpenEpisode;
import dev.nudge.pattern.Match;
import dev.nudge.policy.Action;
import dev.nudge.policy.Conversion;
import dev.nudge.policy.Decision;
import dev.nudge.policy.Engagement;
import dev.nudge.policy.Outcome;
import dev.nudge.profile.PredictionCheck;
import dev.nudge.profile.ProfileUpdate;
import dev.nudge.wire.EventDeadLetters;
import dev.nudge.wire.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.streaming.api.operators.KeyContext;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The journey operator (SPEC §9): one keyed function per user that runs the profile, every built-in
 * detector and the policy on one state value, with one event-time timer at the user's earliest
 * deadline. The logic is {@link JourneyEngine}'s; this class wires it to Flink state, timers,
 * outputs and metrics.
 *
 * <p>Per wake-up (an event, a match, or the timer) it reads the user's state once and writes it
 * once; on RocksDB, a user woken again soon is served and kept decoded by {@link JourneyCache}.
 * Late events are dropped (to the dead-letter output, counted) before any state is touched.
 *
 * <p>The second input carries the matches of SEQUENCE patterns from their CEP operators, keyed by
 * user, and the configurations applied live, broadcast to every instance ({@link
 * dev.nudge.control.ControlFunction}); the configuration in force is kept in broadcast state. The
 * users erased recently are remembered outside keyed state, as operator state of each instance
 * ({@link dev.nudge.journey.ErasureMarkers}), so that an erased user's keyed state is really empty.
 */
public final class JourneyFunction
        extends KeyedCoProcessFunction<String, UserEvent, Either<Match, ConfigUpdate>, Decision>
        implements CheckpointedFunction {
    private static final long ONE_DAY = 86_400_000L;

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(JourneyFunction.class);

    private final String patternsDocument;
    private final JourneySettings settings;
    private final String eventsTopic;

    private transient JourneyEngine engine;
    private transient ValueState<Journey> state;
    private transient ListState<byte[]> erasureMarkers;
    private transient BroadcastState<String, String> livePatterns;
    private transient volatile long lastUpdateDelay = -1;
    private transient Output output;
    private transient KeyContext keys;
    private transient JourneyCache cache;

    /**
     * @param patternsDocument the validated {@code patterns.yaml} text
     * @param eventsTopic named as the source of late events in their dead letters
     */
    public JourneyFunction(String patternsDocument, JourneySettings settings, String eventsTopic) {
        this.patternsDocument = patternsDocument;
        this.settings = settings;
        this.eventsTopic = eventsTopic;
    }

    /**
     * Runs before {@link #open}: the engine is made here, since the markers are restored into it.
     */
    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        PatternsConfig file = PatternsConfigReader.read(patternsDocument, "patterns");
        engine = new JourneyEngine(file, settings);
        livePatterns = context.getOperatorStateStore().getBroadcastState(Descriptors.LIVE_PATTERNS);
        LiveConfiguration live =
                LiveConfiguration.choose(
                        file, patternsDocument, livePatterns.get(Descriptors.LIVE_DOCUMENT));
        if (live.restored()) {
            engine.reconfigure(live.config());
        }
        LOG.info("Journeys: {}", live.explanation());
        erasureMarkers =
                context.getOperatorStateStore()
                        .getUnionListState(
                                new ListStateDescriptor<>(
                                        "erasure-markers",
                                        PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        for (byte[] markers : erasureMarkers.get()) {
            engine.erasureMarkers().addAll(markers);
        }
    }

    /**
     * Runs before the state backend takes its snapshot: the journeys changed in the cache since the
     * last one are written first, so the snapshot holds them.
     */
    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        if (cache != null) {
            cache.flush();
        }
        erasureMarkers.update(List.of(engine.erasureMarkers().toBytes()));
    }

    /**
     * Keep recently used journeys decoded in memory and write them back later ({@link
     * JourneyCache}): only when the state backend keeps serialized copies ({@link JourneyOperator}
     * knows). {@code keys} is the operator's, to write a journey under its own user's key. Call
     * before {@link #open}.
     */
    void cacheJourneys(KeyContext keys) {
        this.keys = keys;
    }

    @Override
    public void open(OpenContext context) throws ConfigException {
        state = getRuntimeContext().getState(Descriptors.journey(settings));
        MetricGroup metrics = getRuntimeContext().getMetricGroup().addGroup("nudge");
        if (keys != null && settings.journeyCache() > 0) {
            cache = new JourneyCache(settings.journeyCache(), this::writeBack);
            metrics.gauge("journeyCacheHits", () -> cache.hits());
            metrics.gauge("journeyCacheMisses", () -> cache.misses());
            metrics.gauge("journeyCacheWrites", () -> cache.writes());
        }
        metrics.gauge("erasureMarkers", () -> engine.erasureMarkers().size());
        metrics.gauge("configUpdateDelayMillis", () -> lastUpdateDelay);
        metrics.gauge("erasureMarkersEvicted", () -> engine.erasureMarkers().evicted());
        output = new Output(metrics);
    }

    @Override
    public void processElement1(UserEvent event, Context context, Collector<Decision> decisions)
            throws Exception {
        long watermark = context.timerService().currentWatermark();
        output.bind(context, decisions);
        if (event.ts() <= watermark) {
            output.late(event, watermark);
            return;
        }
        Journey journey = read(context.getCurrentKey());
        if (journey == null) {
            journey = new Journey();
        }
        engine.onEvent(context.getCurrentKey(), journey, event, watermark, output);
        save(context.getCurrentKey(), journey, context.timerService(), watermark);
    }

    /**
     * A match of a SEQUENCE pattern from its CEP operator, for its user; or a configuration the
     * control operator applied, broadcast to every instance.
     */
    @Override
    public void processElement2(
            Either<Match, ConfigUpdate> input, Context context, Collector<Decision> decisions)
            throws Exception {
        if (input.isLeft()) {
            processMatch(input.left(), context, decisions);
        } else {
            apply(input.right(), context.timerService().currentProcessingTime());
        }
    }

    /**
     * Puts a configuration in force from the next decision on, held actions included, and keeps it
     * in broadcast state: after a restore, it is the one in force.
     */
    private void apply(ConfigUpdate update, long now) throws Exception {
        engine.reconfigure(LiveConfiguration.read(update.document()));
        livePatterns.put(Descriptors.LIVE_DOCUMENT, update.document());
        lastUpdateDelay = Math.max(0, now - update.publishedAt());
        LOG.info(
                "Journeys: patterns version {} from {} in force, {} ms after it was published",
                update.version(),
                update.changedBy(),
                lastUpdateDelay);
    }

    private void processMatch(Match match, Context context, Collector<Decision> decisions)
            throws Exception {
        long watermark = context.timerService().currentWatermark();
        output.bind(context, decisions);
        if (engine.suppressIfErased(match, watermark, output)) {
            return;
        }
        Journey journey = read(context.getCurrentKey());
        if (journey == null) {
            journey = new Journey();
        }
        engine.onMatch(context.getCurrentKey(), journey, match, watermark, output);
        save(context.getCurrentKey(), journey, context.timerService(), watermark);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext context, Collector<Decision> decisions)
            throws Exception {
        Journey journey = read(context.getCurrentKey());
        if (journey == null) {
            return;
        }
        if (journey.armedTimer() == timestamp) {
            journey.armedTimer(Times.NONE);
        }
        long watermark = context.timerService().currentWatermark();
        output.bind(context, decisions);
        engine.onTimer(context.getCurrentKey(), journey, watermark, output);
        save(context.getCurrentKey(), journey, context.timerService(), watermark);
    }

    /** The cache of decoded journeys, or {@code null} when the state backend needs none. */
    JourneyCache cache() {
        return cache;
    }

    /** The user's journey: from the cache when it has it, else from state. */
    private Journey read(String userId) throws Exception {
        Journey journey = cache == null ? null : cache.get(userId);
        return journey != null ? journey : state.value();
    }

    /** Writes the journey back (or drops it) and keeps its one timer right. */
    private void save(String userId, Journey journey, TimerService timers, long watermark)
            throws Exception {
        engine.rearm(
                journey,
                watermark,
                new JourneyEngine.Timers() {
                    @Override
                    public void register(long time) {
                        timers.registerEventTimeTimer(time);
                    }

                    @Override
                    public void delete(long time) {
                        timers.deleteEventTimeTimer(time);
                    }
                });
        if (journey.isEmpty()) {
            state.clear();
            if (cache != null) {
                cache.remove(userId);
            }
        } else if (cache != null) {
            cache.put(userId, journey);
        } else {
            state.update(journey);
        }
    }

    /** Writes a journey leaving the cache, or flushed before a snapshot, under its user's key. */
    private void writeBack(String userId, Journey journey) throws Exception {
        Object current = keys.getCurrentKey();
        keys.setCurrentKey(userId);
        try {
            state.update(journey);
        } finally {
            if (current != null) {
                keys.setCurrentKey(current);
            }
        }
    }

    /** Routes the engine's results to Flink outputs and metrics. */
    private final class Output implements JourneyOutput {
        private final MetricGroup metrics;
        private final Counter late;
        private final Counter duplicates;
        private final Counter overflows;
        private final Counter tagsIgnored;
        private final Counter profiles;
        private final Counter erasures;
        private final Map<String, Counter> matches = new HashMap<>();
        private final List<Counter> lateByPattern = new java.util.ArrayList<>();
        private final Map<String, Counter> outcomes = new HashMap<>();
        private final Counter unlinkedFeedback;
        private final Counter repeatedFeedback;
        private final Counter predictionsChecked;
        private final Counter predictionsWithinOneDay;
        private final Counter predictionsWithinThreeDays;
        private final Counter predictionsInInterval;
        private final Map<String, Counter> funnel = new HashMap<>();
        private final FlowMetrics flows;
        private Context context;
        private Collector<Decision> decisions;

        Output(MetricGroup metrics) {
            this.metrics = metrics;
            this.late = metrics.counter("eventsLate");
            this.duplicates = metrics.counter("eventsDuplicate");
            this.overflows = metrics.counter("pendingOverflows");
            this.tagsIgnored = metrics.counter("tagsIgnored");
            this.profiles = metrics.counter("profileSnapshots");
            this.erasures = metrics.counter("erasures");
            this.unlinkedFeedback = metrics.counter("unlinkedFeedback");
            this.repeatedFeedback = metrics.counter("repeatedFeedback");
            MetricGroup predictions = metrics.addGroup("predictions");
            this.predictionsChecked = predictions.counter("checked");
            this.predictionsWithinOneDay = predictions.counter("withinOneDay");
            this.predictionsWithinThreeDays = predictions.counter("withinThreeDays");
            this.predictionsInInterval = predictions.counter("inInterval");
            this.flows = new FlowMetrics(metrics);
            for (PatternSpec pattern : engine.config().patterns()) {
                MetricGroup group = metrics.addGroup("pattern", pattern.id());
                matches.put(pattern.id(), group.counter("matches"));
                if (pattern.enabled() && pattern.type() != PatternType.SEQUENCE) {
                    // Every built-in pattern sees the journey's events: their late ones are its.
                    lateByPattern.add(group.counter("eventsLate"));
                }
            }
        }

        void bind(Context context, Collector<Decision> decisions) {
            this.context = context;
            this.decisions = decisions;
        }

        /**
         * A match's decision counts for its pattern (an {@code ENTERED_FLOW} one too: the match
         * entered a flow instead of acting); a flow's send is no match of the pattern that entered
         * the user, and counts for the flow's step.
         */
        @Override
        public void decision(Decision decision) {
            if (decision.step() != null) {
                flows.decision(decision);
            } else {
                Counter matched = matches.get(decision.patternId());
                if (matched != null) {
                    matched.inc();
                }
                outcomeCounter(decision).inc();
                if (decision.variant() != null) {
                    variantOutcomeCounter(decision).inc();
                }
            }
            decisions.collect(decision);
        }

        @Override
        public void flow(FlowEvent event) {
            flows.event(event);
            context.output(Outputs.FLOW_EVENTS.tag(), event);
        }

        /**
         * Decisions of a pattern's variant per outcome, next to the pattern's own: {@code
         * nudge.pattern.<id>.variant.<v>.outcome.<outcome>.decisions}. Held-out users are in no
         * variant: their decisions count only for the pattern.
         */
        private Counter variantOutcomeCounter(Decision decision) {
            String outcome =
                    decision.outcome() == Outcome.SUPPRESSED
                            ? decision.suppressedBy().name()
                            : decision.outcome().name();
            return outcomes.computeIfAbsent(
                    decision.patternId() + "/variant/" + decision.variant() + '/' + outcome,
                    k ->
                            metrics.addGroup("pattern", decision.patternId())
                                    .addGroup("variant", decision.variant())
                                    .addGroup("outcome", outcome)
                                    .counter("decisions"));
        }

        private Counter outcomeCounter(Decision decision) {
            String outcome =
                    decision.outcome() == Outcome.SUPPRESSED
                            ? decision.suppressedBy().name()
                            : decision.outcome().name();
            return outcomes.computeIfAbsent(
                    decision.patternId() + '/' + outcome,
                    k ->
                            metrics.addGroup("pattern", decision.patternId())
                                    .addGroup("outcome", outcome)
                                    .counter("decisions"));
        }

        /** Conversions of a pattern per arm: {@code nudge.pattern.<id>.arm.<arm>.conversions}. */
        private Counter conversionCounter(Conversion conversion) {
            return armGroup(conversion, "conversions");
        }

        /** Attributed revenue in minor units of the currency (fen for CNY, cents for USD). */
        private Counter revenue(Conversion conversion) {
            return armGroup(conversion, "revenueMinorUnits");
        }

        private Counter armGroup(Conversion conversion, String name) {
            String arm = conversion.arm().name();
            return outcomes.computeIfAbsent(
                    conversion.patternId() + '/' + arm + '/' + name,
                    k ->
                            metrics.addGroup("pattern", conversion.patternId())
                                    .addGroup("arm", arm)
                                    .counter(name));
        }

        @Override
        public void action(Action action) {
            context.output(Outputs.ACTIONS.tag(), action);
        }

        @Override
        public void conversion(Conversion conversion) {
            conversionCounter(conversion).inc();
            revenue(conversion).inc(conversion.revenue());
            if (conversion.variant() != null) {
                variantGroup(conversion, "conversions").inc();
                variantGroup(conversion, "revenueMinorUnits").inc(conversion.revenue());
            }
            context.output(Outputs.CONVERSIONS.tag(), conversion);
        }

        /**
         * Conversions and revenue of a pattern's variant, next to the pattern's per arm: {@code
         * nudge.pattern.<id>.variant.<v>.conversions} and {@code ...revenueMinorUnits}. A variant's
         * conversions are all of the treatment arm: held-out users are in no variant.
         */
        private Counter variantGroup(Conversion conversion, String name) {
            return outcomes.computeIfAbsent(
                    conversion.patternId() + "/variant/" + conversion.variant() + '/' + name,
                    k ->
                            metrics.addGroup("pattern", conversion.patternId())
                                    .addGroup("variant", conversion.variant())
                                    .counter(name));
        }

        @Override
        public void engagement(Engagement engagement) {
            funnelCounter(engagement).inc();
            context.output(Outputs.ENGAGEMENT.tag(), engagement);
        }

        /**
         * Linked feedback per pattern, variant, channel and step: {@code
         * nudge.pattern.<id>.variant.<variant>.channel.<channel>.step.<step>.engagement}, the
         * variant {@code none} for a pattern without variants.
         */
        private Counter funnelCounter(Engagement e) {
            String variant = e.variant() == null ? "none" : e.variant();
            return funnel.computeIfAbsent(
                    e.patternId() + '/' + variant + '/' + e.channel() + '/' + e.step(),
                    k ->
                            metrics.addGroup("pattern", e.patternId())
                                    .addGroup("variant", variant)
                                    .addGroup("channel", e.channel().name())
                                    .addGroup("step", e.step().name())
                                    .counter("engagement"));
        }

        @Override
        public void unlinkedFeedback(UserEvent feedback) {
            unlinkedFeedback.inc();
        }

        @Override
        public void repeatedFeedback(UserEvent feedback) {
            repeatedFeedback.inc();
        }

        /**
         * Counts how the profile's prediction did on a purchase that began an occasion; the
         * backtest writes each one.
         */
        @Override
        public void predictionChecked(PredictionCheck check) {
            if (check.predicted()) {
                predictionsChecked.inc();
                long error = Math.abs(check.error());
                if (error <= ONE_DAY) {
                    predictionsWithinOneDay.inc();
                }
                if (error <= 3 * ONE_DAY) {
                    predictionsWithinThreeDays.inc();
                }
                if (check.at() >= check.expectedFrom() && check.at() <= check.expectedUntil()) {
                    predictionsInInterval.inc();
                }
            }
            context.output(Outputs.PREDICTION_CHECKS.tag(), check);
        }

        @Override
        public void late(UserEvent event, long watermark) {
            late.inc();
            for (Counter counter : lateByPattern) {
                counter.inc();
            }
            context.output(
                    Outputs.DEAD_LETTERS.tag(),
                    EventDeadLetters.of(
                            RejectReason.LATE,
                            "event time "
                                    + Json.time(event.ts())
                                    + " is at or before the watermark "
                                    + (watermark == Long.MIN_VALUE ? "-" : Json.time(watermark))
                                    + "; the value is the event as parsed",
                            eventsTopic,
                            event));
        }

        @Override
        public void profile(String userId, long at, byte[] snapshot) {
            profiles.inc();
            context.output(Outputs.PROFILES.tag(), new ProfileUpdate(userId, at, snapshot));
        }

        @Override
        public void finalProfile(String userId, long at, byte[] snapshot) {
            context.output(Outputs.FINAL_PROFILES.tag(), new ProfileUpdate(userId, at, snapshot));
        }

        @Override
        public void erased(String userId, long at) {
            erasures.inc();
            context.output(Outputs.PROFILES.tag(), ProfileUpdate.tombstone(userId, at));
        }

        @Override
        public void duplicate(UserEvent event) {
            duplicates.inc();
        }

        @Override
        public void pendingOverflow(String userId) {
            overflows.inc();
        }

        @Override
        public void ignoredTag(UserEvent event) {
            tagsIgnored.inc();
        }

        @Override
        public void openEpisode(OpenEpisode episode) {
            context.output(Outputs.OPEN_EPISODES.tag(), episode);
        }
    }
}
