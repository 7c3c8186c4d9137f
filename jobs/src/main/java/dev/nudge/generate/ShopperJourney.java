package dev.nudge.generate;

import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * One synthetic shopper's events in time order, produced lazily session by session. Everything is
 * drawn from a random stream seeded by the run's seed and the shopper's index, so the same
 * arguments always give the same journey.
 */
final class ShopperJourney {
    private static final long SECOND = 1000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;
    private static final long DAY = 24 * HOUR;

    /** Relative activity by hour of the shopper's local day: quiet nights, busy evenings. */
    private static final double[] HOURLY_ACTIVITY = {
        0.25, 0.12, 0.06, 0.05, 0.05, 0.1, 0.3, 0.6, 0.8, 0.9, 1.0, 1.0,
        1.1, 1.0, 0.9, 0.9, 1.0, 1.1, 1.3, 1.6, 1.8, 1.7, 1.2, 0.6
    };

    private static final double PEAK_ACTIVITY = 1.8;
    private static final String[] OTHER_ZONES = {"Europe/Berlin", "America/New_York", "Asia/Tokyo"};
    private static final String[] AGE_BANDS = {"18-24", "25-34", "35-44", "45-54", "55+"};
    private static final String[] REGIONS = {"north", "south", "east", "west"};

    private final int index;
    private final String userId;
    private final Catalogue catalogue;
    private final SplittableRandom random;
    private final long end;
    private final Persona persona;
    private final ZoneId zone;
    private final double sessionsPerDay;
    private final int[] favourites;
    private final boolean registersDuringRun;
    private final long cycle;
    private final ArrayDeque<UserEvent> pending = new ArrayDeque<>();

    private long clock;
    private int sessions;
    private int eventCount;
    private int orders;
    private long nextRepurchase = Long.MAX_VALUE;

    ShopperJourney(int index, long seed, Catalogue catalogue, long start, long end, ZoneId zone) {
        this.index = index;
        this.userId = "u" + index;
        this.catalogue = catalogue;
        this.random =
                new SplittableRandom(seed * 0x9E3779B97F4A7C15L + index * 0xBF58476D1CE4E5B9L);
        this.end = end;
        this.persona = Persona.draw(random.nextDouble());
        this.zone = random.nextDouble() < 0.85 ? zone : ZoneId.of(OTHER_ZONES[random.nextInt(3)]);
        this.sessionsPerDay = persona.sessionsPerDay * Math.exp(random.nextGaussian() * 0.6);
        this.favourites = new int[1 + random.nextInt(3)];
        for (int i = 0; i < favourites.length; i++) {
            favourites[i] = catalogue.popularCategory(random);
        }
        this.registersDuringRun = random.nextDouble() < 0.5;
        this.cycle = (4 + random.nextInt(18)) * DAY;
        long span = end - start;
        this.clock = registersDuringRun ? start + (long) (random.nextDouble() * span * 0.7) : start;
        fill();
    }

    int index() {
        return index;
    }

    /** The time of the next event, or {@link Long#MAX_VALUE} when the journey is over. */
    long nextTime() {
        return pending.isEmpty() ? Long.MAX_VALUE : pending.peekFirst().ts();
    }

    UserEvent next() {
        UserEvent event = pending.pollFirst();
        if (pending.isEmpty()) {
            fill();
        }
        return event;
    }

    private void fill() {
        long start = nextSessionStart();
        if (start >= end) {
            return;
        }
        session(start);
        clock = pending.isEmpty() ? start : pending.peekLast().ts();
    }

    /** The next session start: a Poisson process, thinned by the hour of the local day. */
    private long nextSessionStart() {
        double ratePerMs = sessionsPerDay * PEAK_ACTIVITY / DAY;
        long t = clock;
        while (t < end) {
            t += (long) (-Math.log(1 - random.nextDouble()) / ratePerMs) + MINUTE;
            int hour = Instant.ofEpochMilli(t).atZone(zone).getHour();
            if (random.nextDouble() * PEAK_ACTIVITY < HOURLY_ACTIVITY[hour]) {
                return t;
            }
        }
        return end;
    }

    private void session(long start) {
        sessions++;
        String session = userId + "-s" + sessions;
        long t = start;
        if (sessions == 1 && registersDuringRun) {
            register(t, session);
            t += 30 * SECOND;
        }
        boolean repurchase = persona == Persona.LOYAL && orders > 0 && t >= nextRepurchase;
        int category =
                repurchase || random.nextDouble() < 0.7
                        ? favourites[random.nextInt(favourites.length)]
                        : catalogue.popularCategory(random);
        if (!repurchase && random.nextDouble() < 0.3) {
            add(event(EventType.SEARCH, t, session).query("category " + category).build());
            t += gap();
        }
        int views = repurchase ? 1 + random.nextInt(2) : 1 + geometric(0.25);
        int lastItem = catalogue.item(category, random);
        for (int v = 0; v < views; v++) {
            int item = v == 0 ? lastItem : catalogue.item(category, random);
            add(itemEvent(EventType.VIEW, t, session, category, item));
            lastItem = item;
            t += gap();
            if (random.nextDouble() < 0.06) {
                add(itemEvent(EventType.FAVORITE, t, session, category, item));
                t += gap();
            }
        }
        double cartRate = repurchase ? 0.9 : persona.cartRate;
        if (random.nextDouble() >= cartRate) {
            return;
        }
        add(itemEvent(EventType.ADD_TO_CART, t, session, category, lastItem));
        t += gap();
        if (random.nextDouble() < 0.12) {
            add(itemEvent(EventType.REMOVE_FROM_CART, t, session, category, lastItem));
            return;
        }
        double purchaseRate = repurchase ? 0.9 : persona.purchaseRate;
        if (random.nextDouble() >= purchaseRate) {
            return;
        }
        t += 2 * gap();
        purchase(t, session, category, lastItem);
    }

    private void purchase(long t, String session, int category, int item) {
        orders++;
        String order = userId + "-o" + orders;
        add(
                itemEvent(EventType.PURCHASE, t, session, category, item).toBuilder()
                        .price(catalogue.price(category, item))
                        .quantity(random.nextDouble() < 0.2 ? 2 : 1)
                        .discounted(random.nextDouble() < persona.discountRate)
                        .orderId(order)
                        .build());
        if (persona == Persona.LOYAL) {
            double jitter = 0.8 + random.nextDouble() * 0.4;
            nextRepurchase = t + (long) (cycle * jitter);
        }
        if (random.nextDouble() < 0.1) {
            add(
                    itemEvent(EventType.REVIEW, t + 5 * MINUTE, session, category, item).toBuilder()
                            .rating(3 + random.nextInt(3))
                            .build());
        }
        if (random.nextDouble() < 0.04) {
            add(itemEvent(EventType.SHARE, t + 6 * MINUTE, session, category, item));
        }
    }

    private void register(long t, String session) {
        add(
                event(EventType.REGISTER, t, session)
                        .ageBand(AGE_BANDS[random.nextInt(AGE_BANDS.length)])
                        .gender(random.nextBoolean() ? "F" : "M")
                        .region(REGIONS[random.nextInt(REGIONS.length)])
                        .timezone(zone.getId())
                        .build());
        if (random.nextDouble() < 0.1) {
            add(event(EventType.CONSENT, t + SECOND, session).consent(Channel.SMS, true).build());
        }
        if (random.nextDouble() < 0.05) {
            add(event(EventType.CONSENT, t + SECOND, session).consent(Channel.PUSH, false).build());
        }
    }

    private UserEvent itemEvent(EventType type, long t, String session, int category, int item) {
        return event(type, t, session)
                .item(
                        catalogue.itemId(category, item),
                        catalogue.categoryId(category),
                        catalogue.brand(category, item))
                .price(type == EventType.VIEW ? catalogue.price(category, item) : null)
                .build();
    }

    private UserEvent.Builder event(EventType type, long t, String session) {
        eventCount++;
        return UserEvent.builder(userId + "-e" + eventCount, userId, type, t).sessionId(session);
    }

    private void add(UserEvent event) {
        if (event.ts() < end) {
            pending.addLast(event);
        }
    }

    /** Seconds to a few minutes between two clicks of a session. */
    private long gap() {
        return random.nextDouble() < 0.15
                ? 2 * MINUTE + random.nextInt(4 * 60) * SECOND
                : 10 * SECOND + random.nextInt(80) * SECOND;
    }

    private int geometric(double p) {
        int n = 0;
        while (random.nextDouble() > p && n < 30) {
            n++;
        }
        return n;
    }
}
