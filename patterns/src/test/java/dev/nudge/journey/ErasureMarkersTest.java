package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Tests for {@link ErasureMarkers}. */
class ErasureMarkersTest {
    private final ErasureMarkers markers = new ErasureMarkers(ONE_DAY, 3);

    @Test
    void whatBeganBeforeOrAtTheErasureCountsAsErased() {
        markers.record("alice", BEGINNING + ONE_HOUR);

        assertThat(markers.erasedSince("alice", BEGINNING)).isTrue();
        assertThat(markers.erasedSince("alice", BEGINNING + ONE_HOUR))
                .as("ERASE comes last among events of its time")
                .isTrue();
        assertThat(markers.erasedSince("alice", BEGINNING + ONE_HOUR + 1)).isFalse();
        assertThat(markers.erasedSince("bob", BEGINNING)).isFalse();
    }

    @Test
    void aMarkerIsForgottenOnceTheWatermarkIsItsKeepPastTheErasure() {
        markers.record("alice", BEGINNING);

        markers.expire(BEGINNING + ONE_DAY);
        assertThat(markers.erasedSince("alice", BEGINNING)).isTrue();
        markers.expire(BEGINNING + ONE_DAY + 1);
        assertThat(markers.erasedSince("alice", BEGINNING)).isFalse();
        assertThat(markers.size()).isZero();
    }

    @Test
    void beyondCapacityTheOldestErasureIsForgottenAndCounted() {
        for (String user : new String[] {"a", "b", "c", "d"}) {
            markers.record(user, BEGINNING);
        }
        markers.record("b", BEGINNING + ONE_HOUR);

        assertThat(markers.size()).isEqualTo(3);
        assertThat(markers.evicted()).isEqualTo(1);
        assertThat(markers.erasedSince("a", BEGINNING)).isFalse();
        assertThat(markers.erasedSince("b", BEGINNING + ONE_HOUR))
                .as("a second erasure moves the marker")
                .isTrue();
    }

    @Test
    void markersSurviveACheckpointAndMergeWithOtherInstancesMarkers() throws IOException {
        markers.record("alice", BEGINNING);
        ErasureMarkers other = new ErasureMarkers(ONE_DAY, 3);
        other.record("bob", BEGINNING + ONE_HOUR);
        other.record("alice", BEGINNING + 2 * ONE_HOUR);

        ErasureMarkers restored = new ErasureMarkers(ONE_DAY, 3);
        restored.addAll(markers.toBytes());
        restored.addAll(other.toBytes());

        assertThat(restored.size()).isEqualTo(2);
        assertThat(restored.erasedSince("alice", BEGINNING + 2 * ONE_HOUR)).isTrue();
        assertThat(restored.erasedSince("bob", BEGINNING + ONE_HOUR)).isTrue();
    }
}
