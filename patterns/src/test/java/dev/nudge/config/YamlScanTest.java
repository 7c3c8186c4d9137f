package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link YamlScan} and {@link DocumentTree}: how the structure and the syntax of a
 * document are checked before it is read, in YAML and in JSON.
 */
class YamlScanTest {
    private static final String PATTERN =
            """
              - id: browse
                type: BROWSE_WITHOUT_BUY
                action: {channels: [PUSH], template: %s}
            """;

    @Test
    void anAliasIsAnErrorAtItsLineAndColumnNotItsNameTakenAsTheValue() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        x-defaults: &tmpl browse_abandon_v1
                        patterns:
                        """
                                + PATTERN.formatted("*tmpl"));

        assertThat(errors)
                .extracting(ConfigError::toString)
                .containsExactly(
                        "line 2, column 13: anchor &tmpl -- expected the value written out in"
                                + " full: anchors (&), aliases (*) and merge keys (<<) are not"
                                + " supported",
                        "line 6, column 42: alias *tmpl -- expected the value written out in"
                                + " full: anchors (&), aliases (*) and merge keys (<<) are not"
                                + " supported");
    }

    @Test
    void aMergeKeyIsAnErrorToo() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            action: {<<: {channels: [PUSH]}, template: t}
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("line 5, column 14");
                            assertThat(e.found()).isEqualTo("merge key <<");
                        });
    }

    @Test
    void explicitTagsAreErrorsButStrWhichOnlySaysWhatQuotesSay() throws Exception {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: !!binary MjAyNg==
                        timezone: !custom UTC
                        policy: !!map {holdoutSalt: !!str 2026}
                        patterns: !!seq []
                        """);

        assertThat(errors)
                .extracting(ConfigError::path, ConfigError::found)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple("line 1, column 10", "tag !!binary"),
                        org.assertj.core.groups.Tuple.tuple("line 2, column 11", "tag !custom"),
                        org.assertj.core.groups.Tuple.tuple("line 3, column 9", "tag !!map"),
                        org.assertj.core.groups.Tuple.tuple("line 4, column 11", "tag !!seq"));
        assertThat(
                        PatternsConfigReader.read(
                                        "version: !!str 2026\npatterns: []\n", "a string tag")
                                .version())
                .isEqualTo("2026");
    }

    @Test
    void aSecondDocumentIsAnErrorNotIgnored() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns: []
                        ---
                        version: "2"
                        patterns: []
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("line 3, column 1");
                            assertThat(e.found()).isEqualTo("a second document");
                            assertThat(e.expected()).startsWith("one document per file");
                        });
        assertThat(PatternsConfigReader.problems("---\nversion: \"1\"\npatterns: []\n...\n"))
                .as("one document with its markers")
                .isEmpty();
    }

    @Test
    void aTabIsNamedAtItsLineAndColumn() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        "version: \"1\"\npatterns:\n  - id: browse\n\ttype: BROWSE_WITHOUT_BUY\n");

        assertThat(errors)
                .singleElement()
                .hasToString(
                        "line 4, column 1: a tab character -- expected spaces: a tab cannot"
                                + " indent YAML, use spaces");
    }

    @Test
    void anUnclosedBraceIsNamedWithTheLineWhereItWasOpened() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "1"
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            action: {channels: [PUSH],
                              template: t
                          - id: cart
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).startsWith("line 7, column");
                            assertThat(e.expected())
                                    .startsWith(
                                            "} to close the mapping opened with { at line 5,"
                                                    + " column 13");
                        });
    }

    @Test
    void otherSyntaxErrorsAreToldInWordsWithTheirPlace() {
        assertThat(PatternsConfigReader.problems("version: \"1\npatterns: []\n"))
                .singleElement()
                .hasToString(
                        "line 3, column 1: the end of the document -- expected the closing quote"
                                + " of the string opened at line 1, column 10");
        assertThat(PatternsConfigReader.problems("patterns: [a, b\nversion: \"1\"\n"))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.expected())
                                        .startsWith(
                                                "] to close the list opened with [ at line 1,"
                                                        + " column 11"));
        assertThat(PatternsConfigReader.problems("version: 1\n  patterns: []\n"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("line 2, column 11");
                            assertThat(e.found()).isEqualTo("': ' where no key can start");
                        });
        assertThat(PatternsConfigReader.problems("version: \"1\"\n  patterns: []\n"))
                .singleElement()
                .hasToString(
                        "line 2, column 3: a line indented differently from the keys of its"
                                + " mapping -- expected every key of a mapping at the same"
                                + " indentation as its first key at line 1, column 1");
        assertThat(PatternsConfigReader.problems("version: \"1\"\npatterns\n"))
                .singleElement()
                .hasToString(
                        "line 2, column 1: a line without ':' -- expected key: value, or a list"
                                + " entry '- value'");
    }

    @Test
    void theJsonFormHasLinesAndColumnsToo() {
        assertThat(PatternsConfigReader.problems("{\"version\": \"1\",\n \"patterns\": [\n"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).startsWith("line 3");
                            assertThat(e.found()).isEqualTo("the end of the document");
                            assertThat(e.expected())
                                    .isEqualTo(
                                            "] to close the list opened with [ at line 2, column 14");
                        });
        assertThat(PatternsConfigReader.problems("{\"version\": \"1\" \"patterns\": []}"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("line 1, column 17");
                            assertThat(e.toString()).doesNotContain("Source");
                        });
        assertThat(PatternsConfigReader.problems("{\"version\": \"1\", \"patterns\": []}\n{}"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("line 2, column 1");
                            assertThat(e.expected()).isEqualTo("one document per file");
                        });
    }

    @Test
    void aKeyTwiceIsAnErrorInBothForms() {
        assertThat(PatternsConfigReader.problems("version: \"1\"\npatterns: []\nversion: \"2\"\n"))
                .singleElement()
                .hasToString(
                        "line 3, column 1: key \"version\" a second time (first at line 1) --"
                                + " expected each key once in a mapping");
        assertThat(PatternsConfigReader.problems("{\"version\": \"1\", \"version\": \"2\"}"))
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).startsWith("line 1, column");
                            assertThat(e.found()).isEqualTo("key \"version\" a second time");
                        });
    }

    @Test
    void aListAsAKeyIsAnError() {
        assertThat(PatternsConfigReader.problems("version: \"1\"\n? [a, b]\n: 1\n"))
                .singleElement()
                .satisfies(e -> assertThat(e.found()).isEqualTo("a list as a key"));
    }

    @Test
    void nestingDeeperThanTheLimitIsOneErrorInBothForms() {
        String deepYaml = "version: " + "[".repeat(100_000);
        String deepJson = "{\"version\": " + "[".repeat(100_000);

        assertThat(PatternsConfigReader.problems(deepYaml))
                .singleElement()
                .hasToString(
                        "line 1, column 29: a value nested deeper than 20 levels -- expected at"
                                + " most 20 levels of lists and mappings (a patterns document"
                                + " needs 7)");
        assertThat(PatternsConfigReader.problems(deepJson))
                .singleElement()
                .satisfies(
                        e ->
                                assertThat(e.found())
                                        .isEqualTo("a value nested deeper than 20 levels"));
    }

    @Test
    void aDocumentThatIsNotAMappingSaysWhatItIs() {
        assertThat(PatternsConfigReader.problems("just a sentence\n"))
                .singleElement()
                .hasToString("(document): \"just a sentence\" -- expected a YAML or JSON object");
        assertThat(PatternsConfigReader.problems("# only a comment\n"))
                .singleElement()
                .hasToString("(document): nothing -- expected a YAML or JSON object");
    }
}
