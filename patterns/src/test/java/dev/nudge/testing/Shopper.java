package dev.nudge.testing;

import dev.nudge.config.PatternType;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Test events that read like the domain: {@code alice.views("dress").at(BEGINNING)}. Event ids are
 * made from the user, the type and the time, so that tests can name them.
 */
public final class Shopper {
    /** A realistic event time to start from (2017-11-25 10:00 in Shanghai). */
    public static final long BEGINNING = Instant.parse("2017-11-25T02:00:00Z").toEpochMilli();

    public static final long ONE_MINUTE = Duration.ofMinutes(1).toMillis();
    public static final long THIRTY_MINUTES = Duration.ofMinutes(30).toMillis();
    public static final long ONE_HOUR = Duration.ofHours(1).toMillis();
    public static final long ONE_DAY = Duration.ofDays(1).toMillis();

    private final String userId;

    private Shopper(String userId) {
        this.userId = userId;
    }

    public static Shopper named(String userId) {
        return new Shopper(userId);
    }

    public String id() {
        return userId;
    }

    public Step views(String itemId) {
        return views(itemId, "c1");
    }

    public Step views(String itemId, String categoryId) {
        return new Step(EventType.VIEW, itemId, categoryId);
    }

    public Step addsToCart(String itemId) {
        return new Step(EventType.ADD_TO_CART, itemId, "c1");
    }

    public Step buys(String itemId) {
        return new Step(EventType.PURCHASE, itemId, "c1");
    }

    /** A purchase line of one unit at {@code price}. */
    public Step buys(String itemId, String categoryId, double price) {
        return new Step(EventType.PURCHASE, itemId, categoryId, price);
    }

    public Step removesFromCart(String itemId) {
        return new Step(EventType.REMOVE_FROM_CART, itemId, "c1");
    }

    public Step registers() {
        return new Step(EventType.REGISTER, null, null);
    }

    public Step searches() {
        return new Step(EventType.SEARCH, null, null);
    }

    public Step favorites(String itemId) {
        return new Step(EventType.FAVORITE, itemId, "c1");
    }

    /** One thing the shopper does; {@link #at} gives it a time and makes the event. */
    public final class Step {
        private final EventType type;
        private final String itemId;
        private final String categoryId;
        private final double price;

        private Step(EventType type, String itemId, String categoryId) {
            this(type, itemId, categoryId, 10.0);
        }

        private Step(EventType type, String itemId, String categoryId, double price) {
            this.type = type;
            this.itemId = itemId;
            this.categoryId = categoryId;
            this.price = price;
        }

        public UserEvent at(long ts) {
            return at(ts, userId + "-" + type.name().toLowerCase() + "-" + (ts - BEGINNING));
        }

        public UserEvent at(long ts, String eventId) {
            UserEvent.Builder builder =
                    UserEvent.builder(eventId, userId, type, ts).item(itemId, categoryId, null);
            if (type == EventType.PURCHASE) {
                builder.price(price).orderId("o-" + eventId);
            }
            if (type == EventType.SEARCH) {
                builder.query("shoes");
            }
            return builder.build();
        }
    }

    /**
     * A match of pattern {@code patternId} for the shopper, as a SEQUENCE pattern's CEP operator
     * hands it to the journey.
     */
    public Match matched(String patternId, long anchorAt, long triggeredAt) {
        return new Match(
                patternId,
                PatternType.SEQUENCE,
                userId,
                triggeredAt,
                anchorAt,
                List.of(userId + "-evidence-" + (anchorAt - BEGINNING)),
                ActionParams.NONE,
                "matched a sequence");
    }

    /** The shopper asks to be forgotten (SPEC §7). */
    public UserEvent erases(long ts) {
        return UserEvent.builder(userId + "-erase-" + (ts - BEGINNING), userId, EventType.ERASE, ts)
                .build();
    }

    public UserEvent consents(Channel channel, boolean granted, long ts) {
        return UserEvent.builder(
                        userId + "-consent-" + channel + "-" + (ts - BEGINNING),
                        userId,
                        EventType.CONSENT,
                        ts)
                .consent(channel, granted)
                .build();
    }
}
