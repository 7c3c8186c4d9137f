package dev.nudge.config;

import dev.nudge.event.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code policy} block: what stands between a match and an action (SPEC §6). */
public record PolicySpec(
        QuietHours quietHours,
        List<FrequencyCap> frequencyCaps,
        CapOverflow capOverflow,
        Duration arbitrationWindow,
        double holdoutPercent,
        String holdoutSalt,
        Duration attributionWindow,
        Map<Channel, Boolean> consentDefaults) {

    public PolicySpec {
        frequencyCaps = List.copyOf(frequencyCaps);
        consentDefaults = Map.copyOf(consentDefaults);
    }

    /**
     * What happens to an action over a frequency cap. {@code SKIP}, the one mode: it is decided
     * FREQUENCY_CAP and neither sent nor queued (a moment is not worth a message hours later).
     */
    public enum CapOverflow {
        SKIP
    }

    /** Whether users who never sent a CONSENT event for {@code channel} may be messaged on it. */
    public boolean consentedByDefault(Channel channel) {
        return consentDefaults.getOrDefault(channel, Boolean.FALSE);
    }
}
