package dev.nudge.pattern;

import dev.nudge.config.ConfigNode;
import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.policy.ActionParams;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import dev.nudge.wire.Times;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * {@code HIGH_VALUE} (SPEC §5): fires at the purchase that brings the sum of price × quantity of
 * the user's purchases within the rolling {@code window} (the purchase's time and the window before
 * it, start exclusive) to at least {@code spend}, unless it already fired for the user within the
 * preceding window.
 *
 * <p>The detector keeps the purchases of the window, at most {@value #MAX_PURCHASES}; beyond that
 * the two oldest merge into the later of them, so that a very frequent buyer's oldest spend counts
 * a little longer than it should (an overestimate, never a loss).
 */
public final class HighValue implements Detector<HighValue.Spend> {
    static final int MAX_PURCHASES = 16;
    static final Set<String> PARAM_KEYS = Set.of("spend", "window");

    /** The {@code params} of a HIGH_VALUE pattern. */
    public record Params(double spend, Duration window) implements PatternParams {
        @Override
        public Duration longestWindow() {
            return window;
        }
    }

    static Params readParams(ConfigNode node) {
        return new Params(
                node.number("spend", 1000, 0.01, 1e12),
                node.duration(
                        "window", Duration.ofDays(30), Duration.ofHours(1), Duration.ofDays(365)));
    }

    private final PatternSpec spec;
    private final double spend;
    private final long window;

    public HighValue(PatternSpec spec) {
        this.spec = spec;
        Params params = (Params) spec.params();
        this.spend = params.spend();
        this.window = params.window().toMillis();
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Spend newState() {
        return new Spend();
    }

    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(Spend spent, UserEvent event, DetectorContext context) {
        if (event.type() != EventType.PURCHASE || event.price() == null) {
            return;
        }
        long now = event.ts();
        spent.prune(now - window);
        spent.add(now, event.price() * event.quantity());
        double total = spent.total();
        boolean firedRecently =
                spent.firedAt != StateOutput.NO_TIME && now - spent.firedAt < window;
        if (total < spend || firedRecently) {
            return;
        }
        spent.firedAt = now;
        context.emit(
                new Match(
                        spec.id(),
                        PatternType.HIGH_VALUE,
                        context.userId(),
                        now,
                        spent.times[0],
                        List.of(event.eventId()),
                        new ActionParams(
                                event.itemId() == null ? List.of() : List.of(event.itemId()),
                                event.categoryId(),
                                event.brand(),
                                null,
                                null),
                        "spent "
                                + Sentences.money(total)
                                + " in "
                                + Sentences.count(spent.size, "purchase")
                                + " within "
                                + Durations.inWords(Duration.ofMillis(window))
                                + " (since "
                                + Times.date(spent.times[0], context.zone())
                                + "), reaching "
                                + Sentences.money(spend)
                                + " with the purchase at "
                                + Sentences.clock(now, context.zone())));
    }

    /** Fires at a purchase itself; other events cannot make it fire. */
    @Override
    public long releaseSlack(EventType type) {
        return type == EventType.PURCHASE ? 0 : Long.MAX_VALUE;
    }

    static Spend readState(StateInput in) throws IOException {
        Spend spent = new Spend();
        spent.firedAt = in.readTime();
        spent.size = in.readVarInt();
        if (spent.size > 0) {
            spent.allocate();
        }
        for (int i = 0; i < spent.size; i++) {
            spent.times[i] = in.readTime();
            spent.amounts[i] = in.readDouble();
        }
        return spent;
    }

    /**
     * One user's purchases within the window, oldest first, and when the pattern last fired. Its
     * arrays are made at the first purchase: most users' state, read on every wake-up, has none.
     */
    public static final class Spend implements DetectorState {
        private long[] times = {};
        private double[] amounts = {};
        private int size;
        private long firedAt = StateOutput.NO_TIME;

        private void allocate() {
            if (times.length == 0) {
                times = new long[MAX_PURCHASES];
                amounts = new double[MAX_PURCHASES];
            }
        }

        void prune(long windowStart) {
            int drop = 0;
            while (drop < size && times[drop] <= windowStart) {
                drop++;
            }
            if (drop > 0) {
                System.arraycopy(times, drop, times, 0, size - drop);
                System.arraycopy(amounts, drop, amounts, 0, size - drop);
                size -= drop;
            }
        }

        void add(long time, double amount) {
            allocate();
            if (size == MAX_PURCHASES) {
                amounts[1] += amounts[0];
                System.arraycopy(times, 1, times, 0, size - 1);
                System.arraycopy(amounts, 1, amounts, 0, size - 1);
                size--;
            }
            times[size] = time;
            amounts[size] = amount;
            size++;
        }

        double total() {
            double total = 0;
            for (int i = 0; i < size; i++) {
                total += amounts[i];
            }
            return total;
        }

        @Override
        public boolean isIdle() {
            return size == 0 && firedAt == StateOutput.NO_TIME;
        }

        @Override
        public void write(StateOutput out) {
            out.writeTime(firedAt);
            out.writeVarInt(size);
            for (int i = 0; i < size; i++) {
                out.writeTime(times[i]);
                out.writeDouble(amounts[i]);
            }
        }
    }
}
