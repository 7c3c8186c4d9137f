package dev.nudge.event;

/** A messaging channel a sender delivers actions on. */
public enum Channel {
    PUSH,
    EMAIL,
    SMS;

    private static final Channel[] VALUES = values();

    /** The channel with this exact name, or {@code null}. */
    public static Channel byName(String name) {
        for (Channel channel : VALUES) {
            if (channel.name().equals(name)) {
                return channel;
            }
        }
        return null;
    }
}
