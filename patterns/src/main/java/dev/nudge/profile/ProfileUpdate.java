package dev.nudge.profile;

/**
 * A record for {@code user-profiles}: the snapshot of a user's profile as JSON, or a tombstone
 * ({@code snapshot == null}) when the user was erased.
 *
 * @param at the event time of the snapshot or erasure
 */
public record ProfileUpdate(String userId, long at, byte[] snapshot) {

    public static ProfileUpdate tombstone(String userId, long at) {
        return new ProfileUpdate(userId, at, null);
    }

    public boolean isTombstone() {
        return snapshot == null;
    }
}
