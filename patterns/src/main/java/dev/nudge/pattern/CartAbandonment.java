package dev.nudge.pattern;

import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.config.WindowParams;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code CART_ABANDONMENT} (SPEC §5): an ADD_TO_CART not followed by a PURCHASE within {@code
 * window}. Fires at first ADD_TO_CART + window with the items still in the cart — added minus
 * removed during the episode, most recently added first — and not at all if the cart is empty by
 * then.
 *
 * <p>An episode opens with an ADD_TO_CART while none is open; later adds and removes before its end
 * join it; a PURCHASE inside the window closes it without a match. An add puts its quantity (1 by
 * default) on the item, a remove takes its quantity off, and an item whose quantity reaches 0
 * leaves the cart; a remove of an item not in the cart changes nothing. A cart emptied this way
 * ends the episode without a match at its end.
 *
 * <p>The cart is exact up to {@value #MAX_ITEMS} distinct items, far more than shoppers hold. Past
 * that, the least recently added item is no longer tracked but counted, and the cart counts as not
 * empty for the rest of the episode: at the bound the moment may fire for a cart emptied since,
 * never fail to fire for one that is not. What an action lists is bounded apart ({@link
 * ActionParams#MAX_ITEMS}) and does not change whether the moment is recognised.
 */
public final class CartAbandonment implements Detector<CartAbandonment.Cart> {
    /**
     * The layout of the saved state ({@link PatternCatalog#stateVersion}); 2: a count of the items
     * beyond the bound.
     */
    static final int STATE_VERSION = 2;

    /**
     * The most distinct items a cart tracks exactly; see the class comment for what lies beyond.
     */
    static final int MAX_ITEMS = 50;

    private final PatternSpec spec;
    private final long window;

    public CartAbandonment(PatternSpec spec) {
        this.spec = spec;
        this.window = ((WindowParams) spec.params()).window().toMillis();
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Cart newState() {
        return new Cart();
    }

    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.ADD_TO_CART
                || type == EventType.REMOVE_FROM_CART
                || type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(Cart cart, UserEvent event, DetectorContext context) {
        switch (event.type()) {
            case ADD_TO_CART -> {
                if (!cart.isOpen()) {
                    cart.start = event.ts();
                }
                cart.add(event);
            }
            case REMOVE_FROM_CART -> {
                if (cart.isOpen()) {
                    cart.remove(event);
                }
            }
            case PURCHASE -> cart.close();
            default -> {}
        }
    }

    @Override
    public long nextDeadline(Cart cart) {
        return cart.isOpen() ? cart.start + window : Long.MAX_VALUE;
    }

    /** An emptied cart ends without a match. */
    @Override
    public boolean deadlineMayMatch(Cart cart) {
        return !cart.isEmpty();
    }

    @Override
    public void onDeadline(Cart cart, long time, DetectorContext context) {
        if (!cart.isOpen() || time < cart.start + window) {
            return;
        }
        if (!cart.isEmpty()) {
            context.emit(match(cart, context));
        }
        cart.close();
    }

    /** Matches come only at deadlines a window after the first add. */
    @Override
    public long releaseSlack(EventType type) {
        return window;
    }

    @Override
    public long openSince(Cart cart) {
        return cart.isOpen() ? cart.start : Times.NONE;
    }

    private Match match(Cart cart, DetectorContext context) {
        List<String> items = cart.itemsMostRecentFirst();
        long units = 0;
        for (int quantity : cart.quantities) {
            units += quantity;
        }
        String reason =
                "added "
                        + (cart.untracked > 0
                                ? "more than " + Sentences.count(MAX_ITEMS, "item")
                                : Sentences.count(items.size(), "item")
                                        + (units != items.size() ? " (" + units + " units)" : ""))
                        + " to the cart at "
                        + Sentences.clock(cart.start, context.zone())
                        + " and did not buy within "
                        + Durations.inWords(Duration.ofMillis(window))
                        + "; still in the cart: "
                        + stillInTheCart(items, cart.untracked);
        return new Match(
                spec.id(),
                PatternType.CART_ABANDONMENT,
                context.userId(),
                cart.start + window,
                cart.start,
                cart.evidence,
                new ActionParams(items, cart.category, cart.brand, null, null),
                reason);
    }

    /** "hat, shoes", "a, b, c and 4 more", or "up to 5 items added first" beyond the bound. */
    private static String stillInTheCart(List<String> items, int untracked) {
        int listed = Math.min(3, items.size());
        long more = (long) items.size() + untracked - listed;
        String named = String.join(", ", items.subList(0, listed));
        if (more == 0) {
            return named;
        }
        return listed == 0
                ? "up to " + Sentences.count(more, "item") + " added first"
                : named + " and " + more + " more";
    }

    static Cart readState(StateInput in, int version) throws IOException {
        Cart cart = new Cart();
        cart.start = in.readTime();
        if (!cart.isOpen()) {
            return cart;
        }
        int items = in.readVarInt();
        if (items > MAX_ITEMS) {
            throw new IOException(
                    "a cart in state holds "
                            + items
                            + " items; at most "
                            + MAX_ITEMS
                            + " are kept");
        }
        for (int i = 0; i < items; i++) {
            cart.items.add(in.readString());
            cart.quantities.add(in.readVarInt());
        }
        cart.category = in.readBoolean() ? in.readString() : null;
        cart.brand = in.readBoolean() ? in.readString() : null;
        int evidence = in.readVarInt();
        for (int i = 0; i < evidence; i++) {
            cart.evidence.add(in.readString());
        }
        if (version >= 2) {
            cart.untracked = in.readVarInt();
        }
        return cart;
    }

    /** One user's cart during an episode: items in the order added, bounded. */
    public static final class Cart implements DetectorState {
        private long start = Times.NONE;

        /** Distinct items added beyond {@link #MAX_ITEMS}, no longer tracked. */
        private int untracked;

        private final List<String> items = new ArrayList<>(0);
        private final List<Integer> quantities = new ArrayList<>(0);
        private String category;
        private String brand;
        private final List<String> evidence = new ArrayList<>(0);

        boolean isOpen() {
            return start != Times.NONE;
        }

        @Override
        public boolean isIdle() {
            return !isOpen();
        }

        /** Whether nothing is in the cart, tracked or beyond the bound. */
        public boolean isEmpty() {
            return items.isEmpty() && untracked == 0;
        }

        /** An ADD_TO_CART: its quantity on the item, the item most recently added. */
        public void add(UserEvent event) {
            String item = event.itemId() == null ? "?" : event.itemId();
            int at = items.indexOf(item);
            int quantity = event.quantity();
            if (at >= 0) {
                quantity =
                        (int) Math.min(Integer.MAX_VALUE, (long) quantity + quantities.remove(at));
                items.remove(at);
            } else if (items.size() == MAX_ITEMS) {
                items.remove(0);
                quantities.remove(0);
                untracked = Math.max(untracked, untracked + 1);
            }
            items.add(item);
            quantities.add(quantity);
            if (event.categoryId() != null) {
                category = event.categoryId();
            }
            if (event.brand() != null) {
                brand = event.brand();
            }
            if (evidence.size() < Match.MAX_EVIDENCE) {
                evidence.add(event.eventId());
            }
        }

        /** A REMOVE_FROM_CART: its quantity off the item, which leaves at 0. */
        public void remove(UserEvent event) {
            int at = items.indexOf(event.itemId());
            if (at < 0) {
                return;
            }
            int left = quantities.get(at) - event.quantity();
            if (left > 0) {
                quantities.set(at, left);
            } else {
                items.remove(at);
                quantities.remove(at);
            }
            if (evidence.size() < Match.MAX_EVIDENCE) {
                evidence.add(event.eventId());
            }
        }

        void close() {
            start = Times.NONE;
            untracked = 0;
            items.clear();
            quantities.clear();
            category = null;
            brand = null;
            evidence.clear();
        }

        List<String> itemsMostRecentFirst() {
            List<String> recent = new ArrayList<>(items);
            java.util.Collections.reverse(recent);
            return recent;
        }

        @Override
        public void write(StateOutput out) {
            out.writeTime(start);
            if (!isOpen()) {
                return;
            }
            out.writeVarInt(items.size());
            for (int i = 0; i < items.size(); i++) {
                out.writeString(items.get(i));
                out.writeVarInt(quantities.get(i));
            }
            writeOptional(category, out);
            writeOptional(brand, out);
            out.writeVarInt(evidence.size());
            for (String id : evidence) {
                out.writeString(id);
            }
            out.writeVarInt(untracked);
        }

        private static void writeOptional(String value, StateOutput out) {
            out.writeBoolean(value != null);
            if (value != null) {
                out.writeString(value);
            }
        }
    }
}
