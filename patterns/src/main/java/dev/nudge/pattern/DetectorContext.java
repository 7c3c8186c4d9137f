package dev.nudge.pattern;

import java.time.ZoneId;

/** What a detector may know about the user besides its own state, and where matches go. */
public interface DetectorContext {

    String userId();

    /** The user's time zone, for sentences people read. */
    ZoneId zone();

    void emit(Match match);
}
