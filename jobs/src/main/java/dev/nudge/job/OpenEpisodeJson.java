package dev.nudge.job;

import dev.nudge.journey.OpenEpisode;
import dev.nudge.wire.Json;

/**
 * What a backtest's input left unfinished, one line of {@code open-episodes.jsonl}: an episode
 * still open ({@code "state":"open"} and {@code openSince}, when it began), or a held moment, a
 * match waiting for its send time ({@code "state":"held"}, {@code triggeredAt}, when it was
 * recognised, and {@code heldUntil}; a held message of a flow's send names its {@code flowId} and
 * {@code step} too). Only a bounded input has an end at which episodes are still open, so no Kafka
 * topic carries this record and it is no part of the record formats of {@link Json}.
 */
public final class OpenEpisodeJson {
    private OpenEpisodeJson() {}

    public static byte[] of(OpenEpisode e) {
        return Json.write(
                g -> {
                    g.writeStringField("userId", e.userId());
                    g.writeStringField("patternId", e.patternId());
                    g.writeStringField("patternType", e.type().name());
                    if (e.isHeldAction()) {
                        g.writeStringField("state", "held");
                        g.writeStringField("triggeredAt", Json.time(e.since()));
                        g.writeStringField("heldUntil", Json.time(e.heldUntil()));
                        if (e.flowId() != null) {
                            g.writeStringField("flowId", e.flowId());
                            g.writeStringField("step", e.step());
                        }
                    } else {
                        g.writeStringField("state", "open");
                        g.writeStringField("openSince", Json.time(e.since()));
                    }
                });
    }
}
