package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.HighValueParams;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.event.EventType;
import dev.nudge.event.Money;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.state.Formats;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code HIGH_VALUE} (SPEC §5): fires at the purchase that brings the sum of price × quantity of
 * the user's purchases within the rolling {@code window} (the purchase's time and the window before
 * it, start exclusive) to at least {@code spend}, unless it already fired for the user within the
 * preceding window. Money counts in minor units of the configured currency, exactly.
 *
 * <p>The detector keeps the purchases of the window, at most {@value #MAX_PURCHASES}; beyond that
 * the two neighbours closest in time merge into the earlier of them, so that merged spend leaves
 * the window no later than its oldest part: at the bound the sum may be a little low, and the
 * moment come late, never early. The match's evidence is the purchases in the window (a merged pair
 * is named by its earlier purchase).
 */
public final class HighValue implements Detector<HighValue.Spend> {
    /**
     * The layout of the saved state ({@link PatternCatalog#stateVersion}); 2: amounts in minor
     * units, with a count and an event id per entry.
     */
    static final int STATE_VERSION = 2;

    static final int MAX_PURCHASES = 16;

    private final PatternSpec spec;
    private final double spend;
    private final long window;

    public HighValue(PatternSpec spec) {
        this.spec = spec;
        HighValueParams params = (HighValueParams) spec.params();
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

    /** A purchase makes this moment rather than ending it. */
    @Override
    public boolean endedByPurchase() {
        return false;
    }

    @Override
    public void onEvent(Spend spent, UserEvent event, DetectorContext context) {
        if (event.type() != EventType.PURCHASE || event.price() == null) {
            return;
        }
        Money money = context.profile().money();
        long now = event.ts();
        spent.prune(now - window);
        spent.add(now, money.lineTotal(event.price(), event.quantity()), event.eventId());
        long total = spent.total();
        boolean firedRecently = spent.firedAt != Times.NONE && now - spent.firedAt < window;
        if (total < money.minorUnits(spend) || firedRecently) {
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
                        spent.evidence(),
                        new ActionParams(
                                event.itemId() == null ? List.of() : List.of(event.itemId()),
                                event.categoryId(),
                                event.brand(),
                                null,
                                null),
                        "spent "
                                + money.format(total)
                                + " in "
                                + Sentences.count(spent.purchases(), "purchase")
                                + " within "
                                + Durations.inWords(Duration.ofMillis(window))
                                + " (since "
                                + Times.date(spent.times[0], context.zone())
                                + "), reaching "
                                + money.format(money.minorUnits(spend))
                                + " with the purchase at "
                                + Sentences.clock(now, context.zone())));
    }

    /** Fires at a purchase itself; other events cannot make it fire. */
    @Override
    public long releaseSlack(EventType type) {
        return type == EventType.PURCHASE ? 0 : Long.MAX_VALUE;
    }

    static Spend readState(StateInput in, int version) throws IOException {
        Spend spent = new Spend();
        spent.firedAt = in.readTime();
        spent.size = in.readVarInt();
        if (spent.size > MAX_PURCHASES) {
            throw new IOException(
                    "HIGH_VALUE state holds "
                            + spent.size
                            + " purchases; at most "
                            + MAX_PURCHASES
                            + " are kept");
        }
        if (spent.size > 0) {
            spent.allocate();
        }
        boolean exact = version >= 2;
        for (int i = 0; i < spent.size; i++) {
            spent.times[i] = in.readTime();
            if (exact) {
                spent.amounts[i] = in.readVarLong();
                spent.counts[i] = in.readVarInt();
                spent.ids[i] = in.readBoolean() ? in.readString() : null;
            } else {
                spent.amounts[i] = Formats.legacyMoney(in.readDouble());
                spent.counts[i] = 1;
            }
        }
        return spent;
    }

    /**
     * One user's purchases within the window, oldest first, and when the pattern last fired. Its
     * arrays are made at the first purchase: most users' state, read on every wake-up, has none.
     */
    public static final class Spend implements DetectorState {
        private long[] times = {};
        private long[] amounts = {};
        private int[] counts = {};
        private String[] ids = {};
        private int size;
        private long firedAt = Times.NONE;

        private void allocate() {
            if (times.length == 0) {
                times = new long[MAX_PURCHASES];
                amounts = new long[MAX_PURCHASES];
                counts = new int[MAX_PURCHASES];
                ids = new String[MAX_PURCHASES];
            }
        }

        void prune(long windowStart) {
            int drop = 0;
            while (drop < size && times[drop] <= windowStart) {
                drop++;
            }
            if (drop > 0) {
                remove(0, drop);
            }
        }

        void add(long time, long amount, String eventId) {
            allocate();
            if (size == MAX_PURCHASES) {
                mergeClosest();
            }
            times[size] = time;
            amounts[size] = amount;
            counts[size] = 1;
            ids[size] = eventId;
            size++;
        }

        /** Merges the two neighbours closest in time (the oldest such pair) into the earlier. */
        private void mergeClosest() {
            int at = 0;
            for (int i = 1; i + 1 < size; i++) {
                if (times[i + 1] - times[i] < times[at + 1] - times[at]) {
                    at = i;
                }
            }
            amounts[at] = Money.add(amounts[at], amounts[at + 1]);
            counts[at] = saturated(counts[at], counts[at + 1]);
            remove(at + 1, 1);
        }

        private void remove(int from, int count) {
            int tail = size - from - count;
            System.arraycopy(times, from + count, times, from, tail);
            System.arraycopy(amounts, from + count, amounts, from, tail);
            System.arraycopy(counts, from + count, counts, from, tail);
            System.arraycopy(ids, from + count, ids, from, tail);
            size -= count;
            java.util.Arrays.fill(ids, size, size + count, null);
        }

        private static int saturated(int a, int b) {
            int sum = a + b;
            return sum < 0 ? Integer.MAX_VALUE : sum;
        }

        long total() {
            long total = 0;
            for (int i = 0; i < size; i++) {
                total = Money.add(total, amounts[i]);
            }
            return total;
        }

        int purchases() {
            int purchases = 0;
            for (int i = 0; i < size; i++) {
                purchases = saturated(purchases, counts[i]);
            }
            return purchases;
        }

        List<String> evidence() {
            List<String> evidence = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                if (ids[i] != null) {
                    evidence.add(ids[i]);
                }
            }
            return evidence;
        }

        @Override
        public boolean isIdle() {
            return size == 0 && firedAt == Times.NONE;
        }

        @Override
        public void write(StateOutput out) {
            out.writeTime(firedAt);
            out.writeVarInt(size);
            for (int i = 0; i < size; i++) {
                out.writeTime(times[i]);
                out.writeVarLong(amounts[i]);
                out.writeVarInt(counts[i]);
                out.writeBoolean(ids[i] != null);
                if (ids[i] != null) {
                    out.writeString(ids[i]);
                }
            }
        }
    }
}
