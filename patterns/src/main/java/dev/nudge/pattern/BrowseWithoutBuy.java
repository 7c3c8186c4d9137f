package dev.nudge.pattern;

import dev.nudge.config.BrowseWithoutBuyParams;
import dev.nudge.config.Durations;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternType;
import dev.nudge.event.EventType;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.state.StateInput;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * {@code BROWSE_WITHOUT_BUY} (SPEC §5): at least {@code minViews} VIEWs and no ADD_TO_CART or
 * PURCHASE within {@code window} of the first VIEW. Fires at first VIEW + window with the viewed
 * items (most recent first, at most 5) and their dominant category.
 *
 * <p>An episode opens with a VIEW while none is open; later VIEWs before its end join it. An
 * ADD_TO_CART or PURCHASE inside the window closes it without a match, and the next VIEW opens a
 * new one. At the window end (exclusive) the episode closes, with a match if it gathered enough
 * views.
 */
public final class BrowseWithoutBuy implements Detector<BrowseWithoutBuy.Episode> {
    static final int MAX_ITEMS = 5;
    static final int MAX_CATEGORIES = 8;

    private final PatternSpec spec;
    private final int minViews;
    private final long window;

    public BrowseWithoutBuy(PatternSpec spec) {
        this.spec = spec;
        BrowseWithoutBuyParams params = (BrowseWithoutBuyParams) spec.params();
        this.minViews = params.minViews();
        this.window = params.window().toMillis();
    }

    @Override
    public PatternSpec spec() {
        return spec;
    }

    @Override
    public Episode newState() {
        return new Episode();
    }

    @Override
    public boolean reactsTo(EventType type) {
        return type == EventType.VIEW
                || type == EventType.ADD_TO_CART
                || type == EventType.PURCHASE;
    }

    @Override
    public void onEvent(Episode episode, UserEvent event, DetectorContext context) {
        EventType type = event.type();
        if (type == EventType.VIEW) {
            if (!episode.isOpen()) {
                episode.open(event.ts());
            }
            episode.add(event);
        } else if (type == EventType.ADD_TO_CART || type == EventType.PURCHASE) {
            episode.close();
        }
    }

    @Override
    public long nextDeadline(Episode episode) {
        return episode.isOpen() ? episode.start + window : Long.MAX_VALUE;
    }

    /** An episode with too few views ends without a match. */
    @Override
    public boolean deadlineMayMatch(Episode episode) {
        return episode.views >= minViews;
    }

    @Override
    public void onDeadline(Episode episode, long time, DetectorContext context) {
        if (!episode.isOpen() || time < episode.start + window) {
            return;
        }
        if (episode.views >= minViews) {
            context.emit(match(episode, context));
        }
        episode.close();
    }

    /** Matches come at deadlines a window after the first view: any event may wait that long. */
    @Override
    public long releaseSlack(EventType type) {
        return window;
    }

    @Override
    public long openSince(Episode episode) {
        return episode.isOpen() ? episode.start : Times.NONE;
    }

    private Match match(Episode episode, DetectorContext context) {
        long end = episode.start + window;
        String category = episode.dominantCategory();
        return new Match(
                spec.id(),
                PatternType.BROWSE_WITHOUT_BUY,
                context.userId(),
                end,
                episode.start,
                episode.evidence(),
                new ActionParams(episode.items(), category, null, null, null),
                reason(episode, category, context.zone()));
    }

    private String reason(Episode episode, String category, ZoneId zone) {
        int items = episode.distinctItems;
        StringBuilder text = new StringBuilder("viewed ").append(items);
        text.append(items == 1 ? " item" : " items");
        if (episode.views != items) {
            text.append(" (").append(episode.views).append(" views)");
        }
        if (category != null) {
            text.append(episode.singleCategory() ? " in category " : " mostly in category ");
            text.append(category);
        }
        text.append(" between ")
                .append(Times.clock(episode.start, zone))
                .append(" and ")
                .append(Times.clock(episode.lastView, zone))
                .append(" on ")
                .append(Times.date(episode.start, zone))
                .append(" (")
                .append(zone.getId())
                .append(") and did not add to cart or buy within ")
                .append(Durations.inWords(Duration.ofMillis(window)));
        return text.toString();
    }

    static Episode readState(StateInput in) throws IOException {
        Episode episode = new Episode();
        episode.start = in.readTime();
        if (episode.start == Times.NONE) {
            return episode;
        }
        episode.allocate();
        episode.lastView = in.readTime();
        episode.views = in.readVarInt();
        episode.distinctItems = in.readVarInt();
        episode.itemCount = in.readVarInt();
        for (int i = 0; i < episode.itemCount; i++) {
            episode.items[i] = in.readString();
        }
        episode.categoryCount = in.readVarInt();
        for (int i = 0; i < episode.categoryCount; i++) {
            episode.categories[i] = in.readString();
            episode.categoryViews[i] = in.readVarInt();
            episode.categoryLastView[i] = in.readVarInt();
        }
        episode.evidenceCount = in.readVarInt();
        for (int i = 0; i < episode.evidenceCount; i++) {
            episode.evidence[i] = in.readString();
        }
        return episode;
    }

    /**
     * One user's open browse episode, bounded: at most 5 items, 8 categories and 20 evidence ids.
     * Its arrays are made when the first episode opens: most users' state, read and written on
     * every wake-up, holds none.
     */
    public static final class Episode implements DetectorState {
        private static final String[] NO_STRINGS = {};
        private static final int[] NO_INTS = {};

        private long start = Times.NONE;
        private long lastView;
        private int views;
        private int distinctItems;
        private String[] items = NO_STRINGS;
        private int itemCount;
        private String[] categories = NO_STRINGS;
        private int[] categoryViews = NO_INTS;
        private int[] categoryLastView = NO_INTS;
        private int categoryCount;
        private String[] evidence = NO_STRINGS;
        private int evidenceCount;

        private void allocate() {
            if (items == NO_STRINGS) {
                items = new String[MAX_ITEMS];
                categories = new String[MAX_CATEGORIES];
                categoryViews = new int[MAX_CATEGORIES];
                categoryLastView = new int[MAX_CATEGORIES];
                evidence = new String[Match.MAX_EVIDENCE];
            }
        }

        boolean isOpen() {
            return start != Times.NONE;
        }

        @Override
        public boolean isIdle() {
            return !isOpen();
        }

        void open(long time) {
            close();
            allocate();
            start = time;
        }

        void close() {
            start = Times.NONE;
            lastView = 0;
            views = 0;
            distinctItems = 0;
            Arrays.fill(items, null);
            itemCount = 0;
            Arrays.fill(categories, null);
            categoryCount = 0;
            Arrays.fill(evidence, null);
            evidenceCount = 0;
        }

        void add(UserEvent view) {
            views++;
            lastView = view.ts();
            addItem(view.itemId());
            if (view.categoryId() != null) {
                addCategory(view.categoryId());
            }
            if (evidenceCount < evidence.length) {
                evidence[evidenceCount++] = view.eventId();
            }
        }

        /** Moves the item to the front; the list keeps the five most recently viewed items. */
        private void addItem(String item) {
            int at = indexOf(items, itemCount, item);
            if (at < 0) {
                distinctItems++;
                at = Math.min(itemCount, MAX_ITEMS - 1);
                if (itemCount < MAX_ITEMS) {
                    itemCount++;
                }
            }
            System.arraycopy(items, 0, items, 1, at);
            items[0] = item;
        }

        /** Counts a view of the category; when all slots are taken, the weakest is replaced. */
        private void addCategory(String category) {
            int at = indexOf(categories, categoryCount, category);
            if (at < 0) {
                if (categoryCount < MAX_CATEGORIES) {
                    at = categoryCount++;
                } else {
                    at = weakestCategory();
                }
                categories[at] = category;
                categoryViews[at] = 0;
            }
            categoryViews[at]++;
            categoryLastView[at] = views;
        }

        private int weakestCategory() {
            int weakest = 0;
            for (int i = 1; i < categoryCount; i++) {
                if (stronger(weakest, i)) {
                    weakest = i;
                }
            }
            return weakest;
        }

        /** Whether category {@code a} ranks above {@code b}: more views, then the latest view. */
        private boolean stronger(int a, int b) {
            return categoryViews[a] != categoryViews[b]
                    ? categoryViews[a] > categoryViews[b]
                    : categoryLastView[a] > categoryLastView[b];
        }

        String dominantCategory() {
            if (categoryCount == 0) {
                return null;
            }
            int best = 0;
            for (int i = 1; i < categoryCount; i++) {
                if (stronger(i, best)) {
                    best = i;
                }
            }
            return categories[best];
        }

        boolean singleCategory() {
            return categoryCount == 1 && categoryViews[0] == views;
        }

        List<String> items() {
            return List.of(Arrays.copyOf(items, itemCount));
        }

        List<String> evidence() {
            return new ArrayList<>(Arrays.asList(evidence).subList(0, evidenceCount));
        }

        @Override
        public void write(StateOutput out) {
            out.writeTime(start);
            if (!isOpen()) {
                return;
            }
            out.writeTime(lastView);
            out.writeVarInt(views);
            out.writeVarInt(distinctItems);
            out.writeVarInt(itemCount);
            for (int i = 0; i < itemCount; i++) {
                out.writeString(items[i]);
            }
            out.writeVarInt(categoryCount);
            for (int i = 0; i < categoryCount; i++) {
                out.writeString(categories[i]);
                out.writeVarInt(categoryViews[i]);
                out.writeVarInt(categoryLastView[i]);
            }
            out.writeVarInt(evidenceCount);
            for (int i = 0; i < evidenceCount; i++) {
                out.writeString(evidence[i]);
            }
        }

        private static int indexOf(String[] values, int count, String value) {
            for (int i = 0; i < count; i++) {
                if (values[i].equals(value)) {
                    return i;
                }
            }
            return -1;
        }
    }
}
