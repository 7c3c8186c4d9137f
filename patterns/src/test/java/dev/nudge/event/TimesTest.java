package dev.nudge.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** {@link Times} writes exactly what {@link DateTimeFormatter} writes. */
class TimesTest {
    private static final DateTimeFormatter UTC =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    @Test
    void everyInstantReadsAsTheFormatterWritesIt() {
        Random random = new Random(1);
        ZoneId[] zones = {
            ZoneOffset.UTC,
            ZoneId.of("Asia/Shanghai"),
            ZoneId.of("America/New_York"),
            ZoneId.of("Asia/Kolkata"),
            ZoneId.of("Pacific/Chatham")
        };
        long[] edges = {0, -1, 951_782_400_000L, 4_102_444_799_999L, -30_610_224_000_000L, 1};
        for (int i = 0; i < 200_000; i++) {
            long millis =
                    i < edges.length
                            ? edges[i]
                            : random.nextLong(-40_000_000_000_000L, 260_000_000_000_000L);
            Instant instant = Instant.ofEpochMilli(millis);
            assertThat(Times.utc(millis)).isEqualTo(UTC.format(instant));
            ZoneId zone = zones[i % zones.length];
            assertThat(Times.date(millis, zone))
                    .isEqualTo(DateTimeFormatter.ISO_LOCAL_DATE.format(instant.atZone(zone)));
            assertThat(Times.hour(millis, zone)).isEqualTo(instant.atZone(zone).getHour());
            assertThat(Times.clock(millis, zone))
                    .isEqualTo(DateTimeFormatter.ofPattern("HH:mm").format(instant.atZone(zone)));
        }
    }
}
