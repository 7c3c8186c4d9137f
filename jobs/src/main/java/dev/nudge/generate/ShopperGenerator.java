package dev.nudge.generate;

import dev.nudge.event.UserEvent;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.PriorityQueue;

/**
 * Deterministic synthetic shopper journeys (SPEC §8 {@code generate}): browse sessions, searches,
 * carts, purchases with personal repeat cycles, and shoppers who never buy, with quiet nights and
 * busy evenings in each shopper's time zone. The same arguments always give the same events.
 *
 * <p>Events come out in time order (ties by shopper), generated lazily: memory grows with the
 * number of shoppers, not of events.
 */
public final class ShopperGenerator implements Iterator<UserEvent> {
    /** The default first day of generated data. */
    public static final Instant DEFAULT_START = Instant.parse("2026-11-01T00:00:00Z");

    private final PriorityQueue<ShopperJourney> journeys;

    /**
     * @param users how many shoppers
     * @param start the beginning of the generated period
     * @param length the length of the generated period
     * @param seed any number; the same seed gives the same events
     * @param zone the time zone of most shoppers
     */
    public ShopperGenerator(int users, Instant start, Duration length, long seed, ZoneId zone) {
        Catalogue catalogue = new Catalogue(seed);
        long from = start.toEpochMilli();
        long to = from + length.toMillis();
        journeys =
                new PriorityQueue<>(
                        Math.max(1, users),
                        (a, b) ->
                                a.nextTime() != b.nextTime()
                                        ? Long.compare(a.nextTime(), b.nextTime())
                                        : Integer.compare(a.index(), b.index()));
        for (int i = 0; i < users; i++) {
            ShopperJourney journey = new ShopperJourney(i, seed, catalogue, from, to, zone);
            if (journey.nextTime() != Long.MAX_VALUE) {
                journeys.add(journey);
            }
        }
    }

    @Override
    public boolean hasNext() {
        return !journeys.isEmpty();
    }

    @Override
    public UserEvent next() {
        ShopperJourney journey = journeys.poll();
        if (journey == null) {
            throw new NoSuchElementException();
        }
        UserEvent event = journey.next();
        if (journey.nextTime() != Long.MAX_VALUE) {
            journeys.add(journey);
        }
        return event;
    }
}
