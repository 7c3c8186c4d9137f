package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Tests for {@link ConfigVersions}: the order in which published configurations apply. */
class ConfigVersionsTest {

    @Test
    void numbersInAVersionCompareAsNumbers() {
        assertThat(ConfigVersions.isNewer("2026-11-24.10", "2026-11-24.9")).isTrue();
        assertThat(ConfigVersions.isNewer("2026-11-25.1", "2026-11-24.10")).isTrue();
        assertThat(ConfigVersions.isNewer("v10", "v9")).isTrue();
        assertThat(ConfigVersions.isNewer("v9", "v10")).isFalse();
    }

    @Test
    void theSameVersionIsNotNewer() {
        assertThat(ConfigVersions.compare("2026-11-24.1", "2026-11-24.1")).isZero();
        assertThat(ConfigVersions.isNewer("2026-11-24.1", "2026-11-24.1")).isFalse();
        assertThat(ConfigVersions.compare("v01", "v1")).as("leading zeros").isZero();
    }

    @Test
    void aLongerVersionWithTheSamePrefixIsNewer() {
        assertThat(ConfigVersions.isNewer("2026-11-24.1.1", "2026-11-24.1")).isTrue();
        assertThat(ConfigVersions.isNewer("2026-11-24", "2026-11-24.1")).isFalse();
    }

    @Test
    void versionsSortOldestFirst() {
        List<String> sorted =
                Stream.of("2026-12-01.1", "2026-11-24.10", "2026-11-24.2", "2026-11-24.1")
                        .sorted(ConfigVersions.ORDER)
                        .toList();

        assertThat(sorted)
                .containsExactly("2026-11-24.1", "2026-11-24.2", "2026-11-24.10", "2026-12-01.1");
    }

    @Test
    void numbersLongerThanALongStillCompare() {
        assertThat(ConfigVersions.isNewer("v123456789012345678901", "v99999999999999999999"))
                .isTrue();
    }

    @Test
    void theNextVersionAddsOneToTheLastNumberAndIsNewer() {
        List<String> running = List.of("2026-12-03.2", "v9", "2026-12-03.2-rc", "draft");

        assertThat(running)
                .extracting(ConfigVersions::next)
                .containsExactly("2026-12-03.3", "v10", "2026-12-03.3-rc", "draft.1");
        assertThat(running)
                .allSatisfy(
                        v ->
                                assertThat(ConfigVersions.isNewer(ConfigVersions.next(v), v))
                                        .isTrue());
    }
}
