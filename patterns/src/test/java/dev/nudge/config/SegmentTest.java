package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SegmentTest {

    @Test
    void eachSegmentKeepsItsBitSinceTheSnapshotFingerprintInStateHoldsThem() {
        assertThat(Arrays.stream(Segment.values()).mapToInt(Segment::bit))
                .as("six bits of the fingerprint, in this order")
                .containsExactly(1, 2, 4, 8, 16, 32);
        assertThat(SegmentRules.TAGS)
                .containsExactly(
                        "price-sensitive",
                        "brand-loyal",
                        "high-value",
                        "potential",
                        "advocate",
                        "new-product-seeker");
    }

    @Test
    void aSegmentIsInTheBitsThatHoldIt() {
        int bits = Segment.HIGH_VALUE.bit() | Segment.ADVOCATE.bit();

        assertThat(Arrays.stream(Segment.values()).filter(segment -> segment.in(bits)))
                .containsExactly(Segment.HIGH_VALUE, Segment.ADVOCATE);
    }
}
