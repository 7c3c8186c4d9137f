package dev.nudge.pattern;

import dev.nudge.profile.ProfileView;
import java.time.ZoneId;

/** What a detector may know about the user besides its own state, and where matches go. */
public interface DetectorContext {

    String userId();

    /** The user's time zone, for sentences people read. */
    ZoneId zone();

    /**
     * The user's profile as of the event or deadline being handled, and what it implies under the
     * configuration in force; read it, never keep it.
     */
    ProfileView profile();

    void emit(Match match);
}
