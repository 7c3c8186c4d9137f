package dev.nudge.journey;

import dev.nudge.config.PatternType;
import dev.nudge.pattern.DetectorState;

/** What one user's journey remembers for one pattern: its detector state and its last action. */
final class PatternSlot {
    final String patternId;
    final PatternType type;
    final DetectorState state;

    /** The trigger time of this pattern's last action for the user, for the cooldown. */
    long lastActionAt;

    PatternSlot(String patternId, PatternType type, DetectorState state, long lastActionAt) {
        this.patternId = patternId;
        this.type = type;
        this.state = state;
        this.lastActionAt = lastActionAt;
    }
}
