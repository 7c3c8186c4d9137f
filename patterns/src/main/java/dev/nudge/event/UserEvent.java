package dev.nudge.event;

/**
 * One shopper event from {@code user-events} (SPEC §3.1), validated. Optional fields are {@code
 * null} when absent; {@code quantity} defaults to 1. Of the REGISTER attributes only the four that
 * the product may keep are carried (SPEC §7); any others are dropped at parse time.
 *
 * @param ts event time in epoch milliseconds
 * @param tag a TAG event's tag, set from outside (a CRM tier, a model's score band)
 * @param tagValue a TAG event's value, or {@code null} for a tag without one
 * @param expiresAt when a TAG event's tag stops holding, epoch milliseconds, or {@code null}
 */
public record UserEvent(
        String eventId,
        String userId,
        EventType type,
        long ts,
        String itemId,
        String categoryId,
        String brand,
        Double price,
        int quantity,
        Boolean discounted,
        String orderId,
        String sessionId,
        String query,
        Integer rating,
        Channel channel,
        Boolean granted,
        String actionId,
        String ageBand,
        String gender,
        String region,
        String timezone,
        String tag,
        String tagValue,
        Long expiresAt) {

    /** Starts a builder for an event with the three fields every event has. */
    public static Builder builder(String eventId, String userId, EventType type, long ts) {
        return new Builder(eventId, userId, type, ts);
    }

    /** A builder holding every field of this event, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(eventId, userId, type, ts)
                .item(itemId, categoryId, brand)
                .price(price)
                .quantity(quantity)
                .discounted(discounted)
                .orderId(orderId)
                .sessionId(sessionId)
                .query(query)
                .rating(rating)
                .consent(channel, granted)
                .actionId(actionId)
                .ageBand(ageBand)
                .gender(gender)
                .region(region)
                .timezone(timezone)
                .tag(tag, tagValue, expiresAt);
    }

    /** Builds events field by field; used by the parser, the generator and tests. */
    public static final class Builder {
        private final String eventId;
        private final String userId;
        private final EventType type;
        private final long ts;
        private String itemId;
        private String categoryId;
        private String brand;
        private Double price;
        private int quantity = 1;
        private Boolean discounted;
        private String orderId;
        private String sessionId;
        private String query;
        private Integer rating;
        private Channel channel;
        private Boolean granted;
        private String actionId;
        private String ageBand;
        private String gender;
        private String region;
        private String timezone;
        private String tag;
        private String tagValue;
        private Long expiresAt;

        private Builder(String eventId, String userId, EventType type, long ts) {
            this.eventId = eventId;
            this.userId = userId;
            this.type = type;
            this.ts = ts;
        }

        public Builder item(String itemId, String categoryId, String brand) {
            this.itemId = itemId;
            this.categoryId = categoryId;
            this.brand = brand;
            return this;
        }

        public Builder itemId(String itemId) {
            this.itemId = itemId;
            return this;
        }

        public Builder categoryId(String categoryId) {
            this.categoryId = categoryId;
            return this;
        }

        public Builder brand(String brand) {
            this.brand = brand;
            return this;
        }

        public Builder price(Double price) {
            this.price = price;
            return this;
        }

        public Builder quantity(int quantity) {
            this.quantity = quantity;
            return this;
        }

        public Builder discounted(Boolean discounted) {
            this.discounted = discounted;
            return this;
        }

        public Builder orderId(String orderId) {
            this.orderId = orderId;
            return this;
        }

        public Builder sessionId(String sessionId) {
            this.sessionId = sessionId;
            return this;
        }

        public Builder query(String query) {
            this.query = query;
            return this;
        }

        public Builder rating(Integer rating) {
            this.rating = rating;
            return this;
        }

        public Builder consent(Channel channel, Boolean granted) {
            this.channel = channel;
            this.granted = granted;
            return this;
        }

        public Builder channel(Channel channel) {
            this.channel = channel;
            return this;
        }

        public Builder granted(Boolean granted) {
            this.granted = granted;
            return this;
        }

        public Builder actionId(String actionId) {
            this.actionId = actionId;
            return this;
        }

        public Builder ageBand(String ageBand) {
            this.ageBand = ageBand;
            return this;
        }

        public Builder gender(String gender) {
            this.gender = gender;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder timezone(String timezone) {
            this.timezone = timezone;
            return this;
        }

        /** A TAG event's tag, its value (or {@code null}) and its expiry (or {@code null}). */
        public Builder tag(String tag, String value, Long expiresAt) {
            this.tag = tag;
            this.tagValue = value;
            this.expiresAt = expiresAt;
            return this;
        }

        public UserEvent build() {
            return new UserEvent(
                    eventId,
                    userId,
                    type,
                    ts,
                    itemId,
                    categoryId,
                    brand,
                    price,
                    quantity,
                    discounted,
                    orderId,
                    sessionId,
                    query,
                    rating,
                    channel,
                    granted,
                    actionId,
                    ageBand,
                    gender,
                    region,
                    timezone,
                    tag,
                    tagValue,
                    expiresAt);
        }
    }
}
