package dev.nudge.sequence;

import dev.nudge.config.SequenceParams;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import java.time.Duration;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.operator.CepOperator;
import org.apache.flink.metrics.Counter;
import org.apache.flink.runtime.state.StateInitializationContext;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The operator of one SEQUENCE pattern: Flink CEP's keyed operator, with the per-user work bounded
 * by design. In front of the automaton, each user's events pass an {@link EventBudget}; an event
 * over it goes to the {@code refused} side output (the job makes it a dead letter, {@code
 * RATE_LIMITED}) and is counted ({@code eventsRefused}). Inside, the automaton keeps at most {@code
 * maxPartialMatches} partial matches per user ({@link BoundedNfa}). A flooding user may lose its
 * own matches of this pattern; every other user's are exact. An ERASE of the user, when the
 * watermark passes it, drops the user's partial matches ({@link BoundedNfa}).
 *
 * <p>One match per episode (docs/operators.md, Patterns): an episode begins with the first event of
 * a match and lasts {@code within}, its end exclusive. After a match, Flink CEP skips past its last
 * event; a later match that still begins within the episode is dropped here, unless an ERASE of the
 * user came between them.
 *
 * <p>It extends Flink CEP's {@link CepOperator} (an internal class of the pinned Flink version) and
 * keeps its state as it is, adding two small values per user: the budget, which expires an hour
 * after the user's last event of the pattern's types, and the user's last episode and erasure,
 * which expire {@code within} and an hour after the last match or ERASE. A savepoint of the plain
 * CEP operator restores into it.
 */
public final class SequenceOperator extends CepOperator<UserEvent, String, Match> {
    private static final long serialVersionUID = 1L;

    /** Equal event times in session order, as everywhere else. */
    public static final EventComparator<UserEvent> SESSION_ORDER =
            (a, b) -> Integer.compare(a.type().sessionOrder(), b.type().sessionOrder());

    /** No episode, or no erasure, yet. */

    /** A bucket left alone this long is full again for any sensible budget: drop it. */
    private static final Duration BUDGET_TTL = Duration.ofHours(1);

    private final String patternId;
    private final EventBudget budget;
    private final OutputTag<UserEvent> refused;
    private final long within;

    private transient ValueState<long[]> buckets;

    /** The start of the user's last episode and the time of the user's last ERASE. */
    private transient ValueState<long[]> episodes;

    private transient Counter refusedEvents;

    /**
     * @param serializer the events' serializer, as Flink CEP would use it
     * @param late where events behind the watermark go
     * @param refused where events over the user's budget go
     */
    public SequenceOperator(
            String patternId,
            SequenceParams params,
            ZoneId zone,
            SequenceLimits limits,
            TypeSerializer<UserEvent> serializer,
            EventComparator<UserEvent> order,
            OutputTag<UserEvent> late,
            OutputTag<UserEvent> refused) {
        this(
                patternId,
                SequenceCompiler.compile(params),
                new SequenceMatcher(patternId, params, zone),
                limits,
                serializer,
                order,
                late,
                refused);
    }

    private SequenceOperator(
            String patternId,
            org.apache.flink.cep.pattern.Pattern<UserEvent, UserEvent> pattern,
            SequenceMatcher matcher,
            SequenceLimits limits,
            TypeSerializer<UserEvent> serializer,
            EventComparator<UserEvent> order,
            OutputTag<UserEvent> late,
            OutputTag<UserEvent> refused) {
        super(
                serializer,
                false,
                BoundedNfa.factory(pattern, limits.maxPartialMatches(), patternId),
                order,
                pattern.getAfterMatchSkipStrategy(),
                matcher,
                late);
        this.patternId = patternId;
        this.budget = limits.budget();
        this.refused = refused;
        this.within = pattern.getWindowSize().orElseThrow().toMillis();
    }

    /**
     * The event types the operator of {@code params} is fed: those its steps name, and ERASE, which
     * drops the user's partial matches begun before it ({@link BoundedNfa}).
     */
    public static Set<EventType> inputTypes(SequenceParams params) {
        Set<EventType> types = EnumSet.copyOf(params.referencedTypes());
        types.add(EventType.ERASE);
        return types;
    }

    @Override
    public void initializeState(StateInitializationContext context) throws Exception {
        super.initializeState(context);
        ValueStateDescriptor<long[]> descriptor =
                new ValueStateDescriptor<>(
                        "event-budget", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        descriptor.enableTimeToLive(StateTtlConfig.newBuilder(BUDGET_TTL).build());
        buckets = context.getKeyedStateStore().getState(descriptor);
        ValueStateDescriptor<long[]> episode =
                new ValueStateDescriptor<>(
                        "episode", PrimitiveArrayTypeInfo.LONG_PRIMITIVE_ARRAY_TYPE_INFO);
        // Over by then in event time, with an hour's margin for a watermark behind the clock.
        episode.enableTimeToLive(
                StateTtlConfig.newBuilder(Duration.ofMillis(within).plus(BUDGET_TTL)).build());
        episodes = context.getKeyedStateStore().getState(episode);
    }

    @Override
    public void open() throws Exception {
        super.open();
        ((SequenceMatcher) userFunction).keepEpisodes(this::beginsEpisode);
        refusedEvents =
                getMetricGroup()
                        .addGroup("nudge")
                        .addGroup("pattern", patternId)
                        .counter("eventsRefused");
    }

    @Override
    public void processElement(StreamRecord<UserEvent> element) throws Exception {
        long[] bucket = budget.admit(buckets.value(), element.getTimestamp());
        if (bucket == null) {
            refusedEvents.inc();
            output.collect(refused, element);
            return;
        }
        buckets.update(bucket);
        if (element.getValue().type() == EventType.ERASE) {
            long[] kept = episodes.value();
            long erased = Math.max(element.getTimestamp(), kept == null ? Times.NONE : kept[1]);
            episodes.update(new long[] {kept == null ? Times.NONE : kept[0], erased});
        }
        super.processElement(element);
    }

    /**
     * Whether a match begins an episode of its user: not if it begins within the user's last
     * episode, unless the user was erased since that began (ERASE comes last among events of the
     * same time).
     */
    private boolean beginsEpisode(Match match) throws Exception {
        long[] kept = episodes.value();
        long start = kept == null ? Times.NONE : kept[0];
        long erased = kept == null ? Times.NONE : kept[1];
        boolean erasedBetween = start <= erased && erased < match.anchorAt();
        if (start != Times.NONE && match.anchorAt() < start + within && !erasedBetween) {
            return false;
        }
        episodes.update(new long[] {match.anchorAt(), erased});
        return true;
    }
}
