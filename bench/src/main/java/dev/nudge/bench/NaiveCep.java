package dev.nudge.bench;

import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.BrowseWithoutBuy;
import dev.nudge.pattern.PatternType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.EventComparator;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The naive design the job is measured against (SPEC §9): each pattern as its own Flink CEP
 * operator on the raw keyed event stream, followed by the small keyed step that turns CEP's
 * overlapping matches into one match per episode, with exactly the job's semantics, so that both
 * designs count the same matches.
 *
 * <p>{@code BROWSE_WITHOUT_BUY(k, w)} becomes: k VIEWs, no ADD_TO_CART or PURCHASE between or after
 * them, within w of the first. Every VIEW starts a partial match; one that completes is emitted
 * when its window ends (a qualifying episode start), one that times out with fewer views goes to
 * the timeout output (a start that does not qualify), one that meets a cart or purchase is
 * discarded. The episode step then takes starts in time order and keeps those at or after the end
 * of the previous episode.
 */
final class NaiveCep {
    private NaiveCep() {}

    /** A start of a possible episode, from CEP. */
    public record Candidate(String userId, long start, boolean qualifies) {}

    private static final EventComparator<UserEvent> SESSION_ORDER =
            (a, b) -> Integer.compare(a.type().sessionOrder(), b.type().sessionOrder());

    /**
     * Adds one CEP operator and one episode step per enabled pattern to {@code events}.
     *
     * @param onlyRelevantTypes feed CEP only the event types the pattern references
     */
    static void build(
            DataStream<UserEvent> events, PatternsConfig config, boolean onlyRelevantTypes) {
        for (PatternSpec spec : config.patterns()) {
            if (!spec.enabled()) {
                continue;
            }
            if (spec.type() != PatternType.BROWSE_WITHOUT_BUY) {
                throw new IllegalArgumentException("no naive design for " + spec.type() + " yet");
            }
            BrowseWithoutBuy.Params params = (BrowseWithoutBuy.Params) spec.params();
            long window = params.window().toMillis();
            DataStream<UserEvent> input =
                    onlyRelevantTypes
                            ? events.filter(NaiveCep::isBrowseRelevant)
                                    .name("only VIEW, cart, purchase")
                            : events;
            OutputTag<Candidate> timedOut =
                    new OutputTag<>("timed-out-" + spec.id(), TypeInformation.of(Candidate.class));
            SingleOutputStreamOperator<Candidate> matched =
                    CEP.pattern(
                                    input.keyBy(UserEvent::userId, Types.STRING),
                                    browse(params.minViews(), params),
                                    SESSION_ORDER)
                            .inEventTime()
                            .process(new ToCandidate(timedOut), TypeInformation.of(Candidate.class))
                            .uid("cep-" + spec.id())
                            .name("CEP " + spec.id());
            matched.union(matched.getSideOutput(timedOut))
                    .keyBy(Candidate::userId, Types.STRING)
                    .process(new EpisodeStep(spec.id(), window), Types.VOID)
                    .uid("episodes-" + spec.id())
                    .name("episodes " + spec.id())
                    .sinkTo(new DiscardingSink<>());
        }
    }

    static Pattern<UserEvent, UserEvent> browse(int minViews, BrowseWithoutBuy.Params params) {
        SimpleCondition<UserEvent> view = SimpleCondition.of(e -> e.type() == EventType.VIEW);
        SimpleCondition<UserEvent> cartOrBuy =
                SimpleCondition.of(
                        e -> e.type() == EventType.ADD_TO_CART || e.type() == EventType.PURCHASE);
        Pattern<UserEvent, UserEvent> pattern = Pattern.<UserEvent>begin("view-1").where(view);
        for (int i = 2; i <= minViews; i++) {
            pattern =
                    pattern.notFollowedBy("no-cart-" + i)
                            .where(cartOrBuy)
                            .followedBy("view-" + i)
                            .where(view);
        }
        return pattern.notFollowedBy("no-cart").where(cartOrBuy).within(params.window());
    }

    private static boolean isBrowseRelevant(UserEvent e) {
        return e.type() == EventType.VIEW
                || e.type() == EventType.ADD_TO_CART
                || e.type() == EventType.PURCHASE;
    }

    private static final class ToCandidate extends PatternProcessFunction<UserEvent, Candidate>
            implements TimedOutPartialMatchHandler<UserEvent> {
        private static final long serialVersionUID = 1L;
        private final OutputTag<Candidate> timedOut;

        ToCandidate(OutputTag<Candidate> timedOut) {
            this.timedOut = timedOut;
        }

        @Override
        public void processMatch(
                Map<String, List<UserEvent>> match, Context context, Collector<Candidate> out) {
            UserEvent first = match.get("view-1").get(0);
            out.collect(new Candidate(first.userId(), first.ts(), true));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<UserEvent>> match, Context context) {
            UserEvent first = match.get("view-1").get(0);
            context.output(timedOut, new Candidate(first.userId(), first.ts(), false));
        }
    }

    /**
     * One match per episode: starts are taken in time order once the watermark has passed their
     * window end (so all of them have arrived); a start at or after the end of the previous episode
     * opens the next one, and it is a match if it qualified.
     */
    private static final class EpisodeStep extends KeyedProcessFunction<String, Candidate, Void> {
        private static final long serialVersionUID = 1L;
        private final String patternId;
        private final long window;
        private transient MapState<Long, Boolean> starts;
        private transient ValueState<Long> episodeEnd;
        private transient LongCounter matches;

        EpisodeStep(String patternId, long window) {
            this.patternId = patternId;
            this.window = window;
        }

        @Override
        public void open(OpenContext context) {
            starts =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("starts", Types.LONG, Types.BOOLEAN));
            episodeEnd =
                    getRuntimeContext().getState(new ValueStateDescriptor<>("end", Types.LONG));
            matches = getRuntimeContext().getLongCounter("matches:" + patternId);
        }

        @Override
        public void processElement(Candidate candidate, Context context, Collector<Void> out)
                throws Exception {
            Boolean known = starts.get(candidate.start());
            starts.put(candidate.start(), candidate.qualifies() || (known != null && known));
            context.timerService().registerEventTimeTimer(candidate.start() + window);
        }

        @Override
        public void onTimer(long time, OnTimerContext context, Collector<Void> out)
                throws Exception {
            List<Long> due = new ArrayList<>();
            for (Long start : starts.keys()) {
                if (start + window <= time) {
                    due.add(start);
                }
            }
            due.sort(null);
            Long end = episodeEnd.value();
            for (Long start : due) {
                if (end == null || start >= end) {
                    end = start + window;
                    if (starts.get(start)) {
                        matches.add(1L);
                    }
                }
                starts.remove(start);
            }
            if (end != null) {
                episodeEnd.update(end);
            }
        }
    }
}
