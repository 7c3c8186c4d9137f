package dev.nudge.bench;

import dev.nudge.config.BrowseWithoutBuyParams;
import dev.nudge.config.HighValueParams;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.WindowParams;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.CartAbandonment;
import dev.nudge.sequence.SequenceOperator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.accumulators.LongCounter;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.cep.CEP;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.cep.functions.TimedOutPartialMatchHandler;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.conditions.IterativeCondition;
import org.apache.flink.cep.pattern.conditions.SimpleCondition;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * The naive design the job is measured against (SPEC §9): each pattern as its own Flink CEP
 * operator on the raw keyed event stream, followed by a thin keyed step that turns CEP's
 * overlapping matches into the job's matches, with exactly the job's semantics, so that both
 * designs count the same matches. Every pattern type that CEP can express is covered; the
 * PREDICTED_REPURCHASE and LIFECYCLE_TRANSITION patterns rest on the profile's history (purchase
 * cycles, lifecycle stages) and are left out, as are SEQUENCE patterns, which the job itself runs
 * on CEP.
 *
 * <p>{@code BROWSE_WITHOUT_BUY(k, w)} becomes: k VIEWs, no ADD_TO_CART or PURCHASE between or after
 * them, within w of the first. Every VIEW starts a partial match; one that completes is emitted
 * when its window ends (a qualifying episode start), one that times out with fewer views goes to
 * the timeout output (a start that does not qualify), one that meets a cart or purchase is
 * discarded. The episode step then takes starts in time order and keeps those at or after the end
 * of the previous episode.
 *
 * <p>{@code CART_ABANDONMENT(w)} becomes: an ADD_TO_CART, then any ADD_TO_CARTs and
 * REMOVE_FROM_CARTs ({@code oneOrMore().optional()}), no PURCHASE, within w of the first add. Every
 * add starts a partial match, emitted when its window ends unless a purchase came; CEP emits one
 * match per prefix of the adds and removes that follow, the longest holding them all. The function
 * on CEP's matches works out the cart of each with the job's own cart ({@link
 * CartAbandonment.Cart}: added minus removed, quantities included, bounded alike), and the episode
 * step keeps, per start, the longest match: the episode is a match unless that cart is empty. An
 * emptied cart is the part CEP cannot say.
 *
 * <p>{@code NEW_USER_NO_PURCHASE(w)} becomes: a REGISTER, no PURCHASE, within w. A REGISTER of a
 * user who has bought before opens nothing in the job; CEP cannot look back before a match's first
 * event, so the episode step also gets the user's PURCHASEs and keeps the time of the first one.
 *
 * <p>{@code HIGH_VALUE(spend, w)} becomes: one or more PURCHASEs with a price, within w of the
 * first. CEP emits a match at every purchase for every earlier purchase less than w before it, the
 * longest summing the rolling window (its start exclusive, as within w of the first). The step
 * keeps the largest sum per purchase time and, in time order, counts a match where it reaches
 * {@code spend} unless one was counted less than w before, as the job does. The job merges a user's
 * purchases beyond 16 in a window (its sum may then be a little low); the step does not.
 */
final class NaiveCep {
    private NaiveCep() {}

    /**
     * A start of a possible episode (or, for HIGH_VALUE, a purchase time), from CEP. {@code size}
     * ranks CEP's matches of one start: the step keeps the largest, or any that qualifies among
     * equals. {@code purchase} marks a PURCHASE fed to the NEW_USER_NO_PURCHASE step beside CEP.
     */
    public record Candidate(
            String userId, long start, long size, boolean qualifies, boolean purchase) {
        Candidate(String userId, long start, long size, boolean qualifies) {
            this(userId, start, size, qualifies, false);
        }
    }

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
            Set<EventType> types;
            Pattern<UserEvent, UserEvent> pattern;
            PatternProcessFunction<UserEvent, Candidate> toCandidates;
            KeyedProcessFunction<String, Candidate, Void> step;
            OutputTag<Candidate> timedOut =
                    new OutputTag<>("timed-out-" + spec.id(), TypeInformation.of(Candidate.class));
            switch (spec.type()) {
                case BROWSE_WITHOUT_BUY -> {
                    BrowseWithoutBuyParams params = (BrowseWithoutBuyParams) spec.params();
                    types = EnumSet.of(EventType.VIEW, EventType.ADD_TO_CART, EventType.PURCHASE);
                    pattern = browse(params.minViews(), params);
                    toCandidates = new ToCandidate(timedOut);
                    step = new EpisodeStep(spec.id(), params.window().toMillis(), false);
                }
                case CART_ABANDONMENT -> {
                    Duration window = ((WindowParams) spec.params()).window();
                    types =
                            EnumSet.of(
                                    EventType.ADD_TO_CART,
                                    EventType.REMOVE_FROM_CART,
                                    EventType.PURCHASE);
                    pattern = cart(window);
                    toCandidates = new ToCart(timedOut);
                    step = new EpisodeStep(spec.id(), window.toMillis(), false);
                }
                case NEW_USER_NO_PURCHASE -> {
                    Duration window = ((WindowParams) spec.params()).window();
                    types = EnumSet.of(EventType.REGISTER, EventType.PURCHASE);
                    pattern = newUser(window);
                    toCandidates = new ToRegistration(timedOut);
                    step = new EpisodeStep(spec.id(), window.toMillis(), true);
                }
                case HIGH_VALUE -> {
                    HighValueParams params = (HighValueParams) spec.params();
                    types = EnumSet.of(EventType.PURCHASE);
                    pattern = spend(params.window());
                    toCandidates = new ToSpend(config.money());
                    step =
                            new SpendStep(
                                    spec.id(),
                                    params.window().toMillis(),
                                    config.money().minorUnits(params.spend()));
                }
                default ->
                        throw new IllegalArgumentException(
                                "no naive design for " + spec.type() + " patterns");
            }
            DataStream<UserEvent> input =
                    onlyRelevantTypes
                            ? events.filter(e -> types.contains(e.type())).name("only " + types)
                            : events;
            SingleOutputStreamOperator<Candidate> matched =
                    CEP.pattern(
                                    input.keyBy(UserEvent::userId, Types.STRING),
                                    pattern,
                                    SequenceOperator.SESSION_ORDER)
                            .inEventTime()
                            .process(toCandidates, TypeInformation.of(Candidate.class))
                            .uid("cep-" + spec.id())
                            .name("CEP " + spec.id());
            DataStream<Candidate> candidates = matched.union(matched.getSideOutput(timedOut));
            if (spec.type() == PatternType.NEW_USER_NO_PURCHASE) {
                candidates =
                        candidates.union(
                                events.filter(e -> e.type() == EventType.PURCHASE)
                                        .map(
                                                e ->
                                                        new Candidate(
                                                                e.userId(), e.ts(), 0, false, true),
                                                TypeInformation.of(Candidate.class))
                                        .name("purchases of " + spec.id()));
            }
            candidates
                    .keyBy(Candidate::userId, Types.STRING)
                    .process(step, Types.VOID)
                    .uid("episodes-" + spec.id())
                    .name("episodes " + spec.id())
                    .sinkTo(new DiscardingSink<>());
        }
    }

    static Pattern<UserEvent, UserEvent> browse(int minViews, BrowseWithoutBuyParams params) {
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

    /**
     * An add, the adds and removes after it, no purchase, within the window of the add. One loop
     * whose first event must be an add (CEP takes no optional part before a NOT): a remove joins
     * only a match that has begun.
     */
    static Pattern<UserEvent, UserEvent> cart(Duration window) {
        return Pattern.<UserEvent>begin("cart")
                .where(
                        new IterativeCondition<UserEvent>() {
                            private static final long serialVersionUID = 1L;

                            @Override
                            public boolean filter(UserEvent e, Context<UserEvent> context)
                                    throws Exception {
                                return e.type() == EventType.ADD_TO_CART
                                        || e.type() == EventType.REMOVE_FROM_CART
                                                && context.getEventsForPattern("cart")
                                                        .iterator()
                                                        .hasNext();
                            }
                        })
                .oneOrMore()
                .notFollowedBy("no-purchase")
                .where(SimpleCondition.of(e -> e.type() == EventType.PURCHASE))
                .within(window);
    }

    /** A registration, no purchase, within the window. */
    static Pattern<UserEvent, UserEvent> newUser(Duration window) {
        return Pattern.<UserEvent>begin("register")
                .where(SimpleCondition.of(e -> e.type() == EventType.REGISTER))
                .notFollowedBy("no-purchase")
                .where(SimpleCondition.of(e -> e.type() == EventType.PURCHASE))
                .within(window);
    }

    /** Purchases with a price, all of them from the first on, within the window of the first. */
    static Pattern<UserEvent, UserEvent> spend(Duration window) {
        return Pattern.<UserEvent>begin("purchases")
                .where(SimpleCondition.of(e -> e.type() == EventType.PURCHASE && e.price() != null))
                .oneOrMore()
                .within(window);
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
            out.collect(new Candidate(first.userId(), first.ts(), 0, true));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<UserEvent>> match, Context context) {
            UserEvent first = match.get("view-1").get(0);
            context.output(timedOut, new Candidate(first.userId(), first.ts(), 0, false));
        }
    }

    /**
     * The cart of one of CEP's matches: a match that reached the end of its window (after the adds
     * and removes, CEP waits for a purchase that does not come) or one that timed out still taking
     * them (the loop after the last change). Either way no purchase came; both give the start, the
     * number of events as the rank, and whether the cart is not empty.
     */
    private static final class ToCart extends PatternProcessFunction<UserEvent, Candidate>
            implements TimedOutPartialMatchHandler<UserEvent> {
        private static final long serialVersionUID = 1L;

        /** As the job's cart: distinct items tracked exactly, beyond that counted. */
        private final OutputTag<Candidate> timedOut;

        ToCart(OutputTag<Candidate> timedOut) {
            this.timedOut = timedOut;
        }

        @Override
        public void processMatch(
                Map<String, List<UserEvent>> match, Context context, Collector<Candidate> out) {
            out.collect(cart(match));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<UserEvent>> match, Context context) {
            context.output(timedOut, cart(match));
        }

        private static Candidate cart(Map<String, List<UserEvent>> match) {
            List<UserEvent> events = match.get("cart");
            UserEvent first = events.get(0);
            CartAbandonment.Cart cart = new CartAbandonment.Cart();
            for (UserEvent event : events) {
                if (event.type() == EventType.ADD_TO_CART) {
                    cart.add(event);
                } else {
                    cart.remove(event);
                }
            }
            boolean notEmpty = !cart.isEmpty();
            return new Candidate(first.userId(), first.ts(), events.size(), notEmpty);
        }
    }

    /** A registration that met no purchase within its window, matched or timed out. */
    private static final class ToRegistration extends PatternProcessFunction<UserEvent, Candidate>
            implements TimedOutPartialMatchHandler<UserEvent> {
        private static final long serialVersionUID = 1L;
        private final OutputTag<Candidate> timedOut;

        ToRegistration(OutputTag<Candidate> timedOut) {
            this.timedOut = timedOut;
        }

        @Override
        public void processMatch(
                Map<String, List<UserEvent>> match, Context context, Collector<Candidate> out) {
            UserEvent register = match.get("register").get(0);
            out.collect(new Candidate(register.userId(), register.ts(), 0, true));
        }

        @Override
        public void processTimedOutMatch(Map<String, List<UserEvent>> match, Context context) {
            UserEvent register = match.get("register").get(0);
            context.output(timedOut, new Candidate(register.userId(), register.ts(), 0, true));
        }
    }

    /** The spend of one of CEP's matches, at the time of its last purchase. */
    private static final class ToSpend extends PatternProcessFunction<UserEvent, Candidate> {
        private static final long serialVersionUID = 1L;
        private final String currency;
        private final int digits;
        private transient Money money;

        ToSpend(Money money) {
            this.currency = money.currency();
            this.digits = money.digits();
        }

        @Override
        public void open(OpenContext context) {
            money = new Money(currency, digits);
        }

        @Override
        public void processMatch(
                Map<String, List<UserEvent>> match, Context context, Collector<Candidate> out) {
            List<UserEvent> purchases = match.get("purchases");
            long total = 0;
            for (UserEvent purchase : purchases) {
                total = Money.add(total, money.lineTotal(purchase.price(), purchase.quantity()));
            }
            UserEvent last = purchases.get(purchases.size() - 1);
            out.collect(new Candidate(last.userId(), last.ts(), total, true));
        }
    }

    /**
     * One match per episode: starts are taken in time order once the watermark has passed their
     * window end (so all of them have arrived); a start at or after the end of the previous episode
     * opens the next one, and it is a match if it qualified. Of CEP's several matches of one start
     * the largest counts (the one with every event of the window), or any that qualifies among
     * equals. With {@code newUsers}, starts after the user's first PURCHASE open nothing.
     */
    private static final class EpisodeStep extends KeyedProcessFunction<String, Candidate, Void> {
        private static final long serialVersionUID = 1L;
        private final String patternId;
        private final long window;
        private final boolean newUsers;

        /** Per start: size × 2 + 1 if it qualifies, the largest seen. */
        private transient MapState<Long, Long> starts;

        private transient ValueState<Long> episodeEnd;
        private transient ValueState<Long> firstPurchase;
        private transient LongCounter matches;

        EpisodeStep(String patternId, long window, boolean newUsers) {
            this.patternId = patternId;
            this.window = window;
            this.newUsers = newUsers;
        }

        @Override
        public void open(OpenContext context) {
            starts =
                    getRuntimeContext()
                            .getMapState(
                                    new MapStateDescriptor<>("starts", Types.LONG, Types.LONG));
            episodeEnd =
                    getRuntimeContext().getState(new ValueStateDescriptor<>("end", Types.LONG));
            firstPurchase =
                    getRuntimeContext()
                            .getState(new ValueStateDescriptor<>("first-purchase", Types.LONG));
            matches = getRuntimeContext().getLongCounter("matches:" + patternId);
        }

        @Override
        public void processElement(Candidate candidate, Context context, Collector<Void> out)
                throws Exception {
            if (candidate.purchase()) {
                Long first = firstPurchase.value();
                if (first == null || candidate.start() < first) {
                    firstPurchase.update(candidate.start());
                }
                return;
            }
            long rank = candidate.size() * 2 + (candidate.qualifies() ? 1 : 0);
            Long known = starts.get(candidate.start());
            starts.put(candidate.start(), known == null ? rank : Math.max(known, rank));
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
            Long bought = newUsers ? firstPurchase.value() : null;
            for (Long start : due) {
                long rank = starts.get(start);
                starts.remove(start);
                if (bought != null && bought < start) {
                    continue; // not a new user: a purchase came before (at the same time, after)
                }
                if (end == null || start >= end) {
                    end = start + window;
                    if ((rank & 1) == 1) {
                        matches.add(1L);
                    }
                }
            }
            if (end != null) {
                episodeEnd.update(end);
            }
        }
    }

    /**
     * HIGH_VALUE after CEP: the largest sum per purchase time is the spend of the rolling window
     * ending there; in time order, a sum at or above the threshold is a match unless one was
     * counted less than a window before.
     */
    private static final class SpendStep extends KeyedProcessFunction<String, Candidate, Void> {
        private static final long serialVersionUID = 1L;
        private final String patternId;
        private final long window;
        private final long threshold;
        private transient MapState<Long, Long> sums;
        private transient ValueState<Long> firedAt;
        private transient LongCounter matches;

        SpendStep(String patternId, long window, long threshold) {
            this.patternId = patternId;
            this.window = window;
            this.threshold = threshold;
        }

        @Override
        public void open(OpenContext context) {
            sums =
                    getRuntimeContext()
                            .getMapState(new MapStateDescriptor<>("sums", Types.LONG, Types.LONG));
            firedAt = getRuntimeContext().getState(new ValueStateDescriptor<>("fired", Types.LONG));
            matches = getRuntimeContext().getLongCounter("matches:" + patternId);
        }

        @Override
        public void processElement(Candidate candidate, Context context, Collector<Void> out)
                throws Exception {
            Long known = sums.get(candidate.start());
            if (known == null || candidate.size() > known) {
                sums.put(candidate.start(), candidate.size());
            }
            context.timerService().registerEventTimeTimer(candidate.start());
        }

        @Override
        public void onTimer(long time, OnTimerContext context, Collector<Void> out)
                throws Exception {
            List<Long> due = new ArrayList<>();
            for (Long at : sums.keys()) {
                if (at <= time) {
                    due.add(at);
                }
            }
            due.sort(null);
            Long fired = firedAt.value();
            for (Long at : due) {
                long sum = sums.get(at);
                sums.remove(at);
                if (sum >= threshold && (fired == null || at - fired >= window)) {
                    fired = at;
                    matches.add(1L);
                }
            }
            if (fired != null) {
                firedAt.update(fired);
            }
        }
    }
}
