package dev.nudge.pattern;

import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileKeeper;
import java.time.ZoneId;

/** What a detector may know about the user besides its own state, and where matches go. */
public interface DetectorContext {

    String userId();

    /** The user's time zone, for sentences people read. */
    ZoneId zone();

    /** The user's profile, as of the event or deadline being handled; read it, never keep it. */
    Profile profile();

    /** What the profile implies under the current configuration: segments, predictions, consent. */
    ProfileKeeper profiles();

    void emit(Match match);
}
