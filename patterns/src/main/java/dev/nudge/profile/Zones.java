package dev.nudge.profile;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;

/**
 * The users' time zones by their IANA names from REGISTER, each parsed once (up to {@value
 * #MAX_ZONES} names are remembered); an unknown or missing name is the configuration's default.
 */
final class Zones {
    private static final int MAX_ZONES = 1024;

    private final ZoneId fallback;
    private final Map<String, ZoneId> known = new HashMap<>();

    Zones(ZoneId fallback) {
        this.fallback = fallback;
    }

    ZoneId of(String timezone) {
        if (timezone == null) {
            return fallback;
        }
        ZoneId zone = known.get(timezone);
        if (zone == null) {
            try {
                zone = ZoneId.of(timezone);
            } catch (DateTimeException unknown) {
                zone = fallback;
            }
            if (known.size() < MAX_ZONES) {
                known.put(timezone, zone);
            }
        }
        return zone;
    }
}
