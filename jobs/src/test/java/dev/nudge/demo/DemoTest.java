package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigVersions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link Demo}'s advice on a live change: a version the job takes as newer. */
class DemoTest {

    @Test
    void theSuggestedVersionIsNewerThanTheOneRunning() {
        List<String> running = List.of("2026-12-03.2", "v9", "2026-12-03.2-rc", "draft");

        assertThat(running)
                .extracting(Demo::newer)
                .containsExactly("2026-12-03.3", "v10", "2026-12-03.3-rc", "draft.1");
        assertThat(running)
                .allSatisfy(v -> assertThat(ConfigVersions.isNewer(Demo.newer(v), v)).isTrue());
    }
}
