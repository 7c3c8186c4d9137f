package dev.nudge.event;

/**
 * What a shopper did. The declaration order is the <em>session order</em> (SPEC §5): events with
 * equal timestamps are taken in this order by every pattern and by the profile.
 */
public enum EventType {
    REGISTER,
    VIEW,
    SEARCH,
    FAVORITE,
    ADD_TO_CART,
    REMOVE_FROM_CART,
    PURCHASE,
    REVIEW,
    SHARE,
    LIKE,
    CONSENT,
    ERASE,
    MESSAGE_DELIVERED,
    MESSAGE_OPENED,
    MESSAGE_CLICKED,
    /**
     * A tag set from outside Nudge (an offline model, a CRM tier, a survey answer): {@code tag},
     * optionally {@code value} and {@code expiresAt}. Last in the session order, and last in the
     * declaration so that the ordinals of the types before it, which state keeps, stay as they
     * were.
     */
    TAG;

    private static final EventType[] VALUES = values();

    /** Rank among events with the same timestamp; lower comes first. */
    public int sessionOrder() {
        return ordinal();
    }

    /** Whether the event concerns one item, so that {@code itemId} is required. */
    public boolean isItemEvent() {
        return switch (this) {
            case VIEW, FAVORITE, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE -> true;
            default -> false;
        };
    }

    /**
     * Whether the event is a sender's feedback on an action, so that {@code actionId} is required.
     */
    public boolean isMessageFeedback() {
        return this == MESSAGE_DELIVERED || this == MESSAGE_OPENED || this == MESSAGE_CLICKED;
    }

    /** The type with this exact name, or {@code null}. */
    public static EventType byName(String name) {
        for (EventType type : VALUES) {
            if (type.name().equals(name)) {
                return type;
            }
        }
        return null;
    }
}
