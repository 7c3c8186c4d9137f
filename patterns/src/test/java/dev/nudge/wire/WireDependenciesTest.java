package dev.nudge.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The record formats stand below the journey: what only a backtest writes of a journey, the
 * episodes it left open, is written beside the backtest.
 */
class WireDependenciesTest {

    @Test
    void theRecordFormatsDoNotDependOnTheJourney() throws IOException {
        try (Stream<Path> files =
                Files.list(Path.of("src", "main", "java", "dev", "nudge", "wire"))) {
            assertThat(files.toList())
                    .isNotEmpty()
                    .allSatisfy(
                            file ->
                                    assertThat(Files.readString(file))
                                            .as(file.toString())
                                            .doesNotContain("dev.nudge.journey."));
        }
    }
}
