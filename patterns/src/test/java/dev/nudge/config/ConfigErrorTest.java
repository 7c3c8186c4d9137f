package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Tests for {@link ConfigError}. */
class ConfigErrorTest {

    @Test
    void aValueOfAnyLengthIsShownInEightyCharactersFollowedByItsFullLength() {
        String version = "\"" + "9".repeat(400_000) + "\"";

        ConfigError error = new ConfigError("version", version, "a version of 1 to 64 characters");

        assertThat(error.found())
                .startsWith("\"999")
                .endsWith("… (400,002 characters)")
                .hasSize(80 + "… (400,002 characters)".length());
        assertThat(error.toString()).hasSizeLessThan(200);
    }

    @Test
    void aShortValueIsShownAsItIs() {
        assertThat(new ConfigError("version", "\"2026-11-24.1\"", "x").found())
                .isEqualTo("\"2026-11-24.1\"");
    }

    @Test
    void controlCharactersAreEscapedSoThatAnErrorStaysOneLineAndPrintsNothingElse() {
        ConfigError error =
                new ConfigError("template", "\"a\nb\u001B[31mred\u202Eevil\"", "a template name");

        assertThat(error.toString())
                .doesNotContain("\n", "\u001B", "\u202E")
                .contains("\"a\\nb\\u001B[31mred\\u202Eevil\"");
    }

    @Test
    void anUnknownKeyOfAnyLengthKeepsThePathShort() {
        ConfigError error =
                new ConfigError("patterns[0]." + "k".repeat(100_000), "unknown key", "one of id");

        assertThat(error.path()).startsWith("patterns[0].kkk").endsWith("(100,012 characters)");
        assertThat(error.path().length()).isLessThan(200);
    }

    @Test
    void aMissingValueStaysMissing() {
        assertThat(new ConfigError("version", null, "a version").toString())
                .isEqualTo("version: missing -- expected a version");
    }
}
