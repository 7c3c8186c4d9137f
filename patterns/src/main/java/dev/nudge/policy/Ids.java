package dev.nudge.policy;

import dev.nudge.pattern.Match;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Deterministic identifiers: the same match gives the same ids in every run, replay and backtest,
 * so that downstream consumers can deduplicate.
 */
public final class Ids {
    private Ids() {}

    public static String decisionId(Match match) {
        return name("decision", match);
    }

    public static String actionId(Match match) {
        return name("action", match);
    }

    private static String name(String kind, Match match) {
        String anchor = match.evidence().isEmpty() ? "" : match.evidence().get(0);
        String key =
                kind
                        + '\u0000'
                        + match.patternId()
                        + '\u0000'
                        + match.userId()
                        + '\u0000'
                        + match.triggeredAt()
                        + '\u0000'
                        + anchor;
        return UUID.nameUUIDFromBytes(key.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
