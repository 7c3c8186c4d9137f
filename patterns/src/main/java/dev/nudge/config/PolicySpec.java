package dev.nudge.config;

import dev.nudge.event.Channel;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The {@code policy} block: what stands between a match and an action (SPEC §6). */
public record PolicySpec(
        QuietHours quietHours,
        List<FrequencyCap> frequencyCaps,
        Duration arbitrationWindow,
        double holdoutPercent,
        String holdoutSalt,
        Duration attributionWindow,
        Map<Channel, Boolean> consentDefaults) {

    public PolicySpec {
        frequencyCaps = List.copyOf(frequencyCaps);
        consentDefaults = Map.copyOf(consentDefaults);
    }

    /** Whether users who never sent a CONSENT event for {@code channel} may be messaged on it. */
    public boolean consentedByDefault(Channel channel) {
        return consentDefaults.getOrDefault(channel, Boolean.FALSE);
    }
}
