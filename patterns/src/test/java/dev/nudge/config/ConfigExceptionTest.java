package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Tests for {@link ConfigException}. */
class ConfigExceptionTest {

    @Test
    void theFirstErrorsAreListedAndTheRestCounted() {
        ConfigException e = new ConfigException("patterns.yaml", unknownKeys(250));

        List<String> lines = e.firstErrors(100);

        assertThat(lines).hasSize(101);
        assertThat(lines.get(0)).startsWith("key0: unknown key");
        assertThat(lines.get(99)).startsWith("key99: unknown key");
        assertThat(lines.get(100)).isEqualTo("... and 150 more errors");
        assertThat(e.errors()).as("every error is kept").hasSize(250);
    }

    @Test
    void errorsWithinTheLimitAreListedWithoutACount() {
        assertThat(ConfigException.firstErrors(unknownKeys(3), 3))
                .containsExactly(
                        "key0: unknown key -- expected one of version",
                        "key1: unknown key -- expected one of version",
                        "key2: unknown key -- expected one of version");
        assertThat(ConfigException.firstErrors(unknownKeys(2), 1))
                .containsExactly(
                        "key0: unknown key -- expected one of version", "... and 1 more error");
        assertThat(ConfigException.firstErrors(unknownKeys(5_000), 0))
                .containsExactly("... and 5,000 more errors");
    }

    @Test
    void theMessageListsTheFirstHundredErrorsWhateverTheirNumber() {
        ConfigException e = new ConfigException("marketing-control", unknownKeys(20_000));

        assertThat(e.getMessage().lines())
                .hasSize(102)
                .startsWith("marketing-control has 20000 errors:")
                .endsWith("  ... and 19,900 more errors");
    }

    private static List<ConfigError> unknownKeys(int count) {
        return IntStream.range(0, count)
                .mapToObj(i -> new ConfigError("key" + i, "unknown key", "one of version"))
                .toList();
    }
}
