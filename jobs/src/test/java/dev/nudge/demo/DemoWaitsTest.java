package dev.nudge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.FlowSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.testing.Configs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Tests for {@link DemoWaits}: the demo runs the configuration given, with shorter flow waits. */
class DemoWaitsTest {

    @Test
    void theDemoRunsTheShippedConfigurationWithOnlyItsFlowWaitsShortened() throws Exception {
        String document = Files.readString(Path.of("..", "config", "patterns.yaml"));
        PatternsConfig shipped = Configs.parse(document);

        DemoWaits.Shortened demo = DemoWaits.shorten(document);
        PatternsConfig running = Configs.parse(demo.document());

        assertThat(running)
                .as("everything but the flows, as shipped")
                .usingRecursiveComparison()
                .ignoringFields("flows")
                .isEqualTo(shipped);
        assertThat(running.flows())
                .as("the flows as shipped, each wait a day to ten minutes")
                .usingRecursiveComparison()
                .isEqualTo(shipped.flows().stream().map(DemoWaitsTest::shortened).toList());
        assertThat(demo.shortened())
                .containsExactly(
                        "cart-rescue/wait-open 1d -> 10m",
                        "cart-rescue/opened 2d -> 20m",
                        "cart-rescue/wait-email 3d -> 30m");
    }

    @Test
    void aDocumentWithoutFlowsRunsAsItIs() {
        String document = "version: \"1\"\ntimezone: UTC\npatterns: []\n";

        assertThat(DemoWaits.shorten(document))
                .isEqualTo(new DemoWaits.Shortened(document, List.of()));
    }

    @Test
    void aWaitIsScaledToWholeMinutesAtLeastOne() {
        assertThat(DemoWaits.inTheDemo(Duration.ofDays(1))).isEqualTo(Duration.ofMinutes(10));
        assertThat(DemoWaits.inTheDemo(Duration.ofHours(12))).isEqualTo(Duration.ofMinutes(5));
        assertThat(DemoWaits.inTheDemo(Duration.ofHours(1))).isEqualTo(Duration.ofMinutes(1));
    }

    private static FlowSpec shortened(FlowSpec flow) {
        return new FlowSpec(
                flow.id(),
                flow.enabled(),
                flow.entry(),
                flow.reentry(),
                flow.exit(),
                flow.holdoutPercent(),
                flow.steps().stream()
                        .map(
                                step ->
                                        step instanceof FlowSpec.Wait wait
                                                ? new FlowSpec.Wait(
                                                        wait.name(),
                                                        DemoWaits.inTheDemo(wait.time()),
                                                        wait.until(),
                                                        wait.exit(),
                                                        wait.next(),
                                                        wait.onTimeout())
                                                : step)
                        .toList());
    }
}
