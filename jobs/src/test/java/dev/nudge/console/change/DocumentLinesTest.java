package dev.nudge.console.change;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.console.change.DocumentLines.Position;
import org.junit.jupiter.api.Test;

/** Tests for {@link DocumentLines}: the validator's field paths found at their lines. */
class DocumentLinesTest {
    private static final String YAML =
            """
            version: "2026-11-25.1"   # the version in force
            timezone: UTC
            policy:
              frequencyCaps:
                - {channel: ANY, max: 3, per: 1d}
                - channel: PUSH
                  max: 1
                  per: 4h
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                params: {minViews: 2, window: 30m}
                action: {channels: [PUSH], template: browse_v1}
              - id: cart-abandonment
                type: CART_ABANDONMENT
                params:
                  window: 1h
                action:
                  channels: [PUSH]
                  template: cart_v1
            flows:
              - id: rescue
                entry: {patterns: [cart-abandonment], mode: INSTEAD}
                steps:
                  - name: push
                    send: {channels: [PUSH], template: t}
                    next: wait
                  - name: wait
                    wait: {for: 2d}
            """;

    private final DocumentLines lines = DocumentLines.of(YAML);

    @Test
    void aPatternNamedByItsIdIsFoundAtItsLines() {
        assertThat(lines.positionOf("patterns[cart-abandonment].params.window"))
                .contains(new Position(17, 7));
        assertThat(lines.positionOf("patterns[browse].params.window"))
                .hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(12));
        assertThat(lines.positionOf("patterns[browse]")).contains(new Position(10, 5));
    }

    @Test
    void aPatternNamedByItsPositionIsFoundToo() {
        assertThat(lines.positionOf("patterns[1].action")).contains(new Position(18, 5));
        assertThat(lines.positionOf("patterns[0].type")).contains(new Position(11, 5));
    }

    @Test
    void nestedListsAreFollowedByPositionAndByName() {
        assertThat(lines.positionOf("flows[0].steps[1].wait"))
                .hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(29));
        assertThat(lines.positionOf("flows[rescue].steps[wait].wait.for"))
                .hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(29));
        assertThat(lines.positionOf("policy.frequencyCaps[0].max"))
                .hasValueSatisfying(p -> assertThat(p.line()).isEqualTo(5));
        assertThat(lines.positionOf("policy.frequencyCaps[1].max")).contains(new Position(7, 7));
    }

    @Test
    void aMissingFieldIsShownAtTheNearestFieldAboveIt() {
        assertThat(lines.positionOf("patterns[browse].audience")).contains(new Position(10, 5));
        assertThat(lines.positionOf("patterns[cart-abandonment].action.goal.within"))
                .contains(new Position(18, 5));
        assertThat(lines.positionOf("patterns[7].type"))
                .as("no such pattern: the list")
                .contains(new Position(9, 1));
    }

    @Test
    void placesTheValidatorGivesAsLinesAreTakenAsTheyAre() {
        assertThat(lines.positionOf("line 4, column 3")).contains(new Position(4, 3));
    }

    @Test
    void theDocumentAsAWholeHasNoLine() {
        assertThat(lines.positionOf("(document)")).isEmpty();
        assertThat(lines.positionOf(null)).isEmpty();
    }

    @Test
    void jsonDocumentsAreFoundAtTheirLines() {
        String json =
                """
                {
                  "version": "v1",
                  "patterns": [
                    {
                      "id": "browse",
                      "type": "BROWSE_WITHOUT_BUY",
                      "params": {
                        "minViews": 2,
                        "window": "30m"
                      }
                    }
                  ]
                }
                """;

        DocumentLines jsonLines = DocumentLines.of(json);

        assertThat(jsonLines.positionOf("patterns[browse].params.window"))
                .contains(new Position(9, 9));
        assertThat(jsonLines.positionOf("patterns[0].action")).contains(new Position(4, 5));
    }

    @Test
    void aTextWithASyntaxErrorPlacesOnlyTheLinesTheValidatorNames() {
        DocumentLines broken = DocumentLines.of("version: v1\npatterns: [\n  - id: x\n");

        assertThat(broken.composed()).isFalse();
        assertThat(broken.positionOf("patterns[0].id")).isEmpty();
        assertThat(broken.positionOf("line 3, column 3")).contains(new Position(3, 3));
    }

    @Test
    void pathsAreReadAsKeysAndItems() {
        assertThat(DocumentLines.steps("flows[cart.rescue].steps[1].wait"))
                .containsExactly("flows", "[cart.rescue]", "steps", "[1]", "wait");
    }
}
