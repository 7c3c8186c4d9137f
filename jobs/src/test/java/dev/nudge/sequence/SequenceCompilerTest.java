package dev.nudge.sequence;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.config.ConfigError;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.PatternsConfigReader;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.Match;
import dev.nudge.testing.Configs;
import dev.nudge.testing.Shopper;
import dev.nudge.validate.PatternsValidator;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.pattern.Quantifier;
import org.junit.jupiter.api.Test;

/** Tests for {@link SequenceCompiler} and {@link SequenceMatcher}. */
class SequenceCompilerTest {
    private static final String SEARCHED_NOT_VIEWED =
            """
            version: "t"
            timezone: UTC
            patterns:
              - id: searched-not-viewed
                type: SEQUENCE
                params:
                  within: 10m
                  steps:
                    - {name: searched, type: SEARCH, query: Shoes}
                    - {name: viewed, type: [VIEW, FAVORITE], after: notFollowedBy}
                action: {channels: [PUSH], template: t}
            """;
    private final Shopper alice = Shopper.named("alice");

    @Test
    void stepsBecomeACepPatternWithTheirContiguityAndTheLimit() {
        SequenceParams params = params(SEARCHED_NOT_VIEWED);
        Pattern<UserEvent, UserEvent> pattern = SequenceCompiler.compile(params);

        assertThat(pattern.getName()).isEqualTo("viewed");
        assertThat(pattern.getPrevious().getName()).isEqualTo("searched");
        assertThat(pattern.getWindowSize()).contains(Duration.ofMinutes(10));
        assertThat(params.referencedTypes())
                .containsExactlyInAnyOrder(EventType.SEARCH, EventType.VIEW, EventType.FAVORITE);
        assertThat(params.steps().get(0).accepts(alice.searches().at(BEGINNING)))
                .as("query matches case-insensitively as a substring")
                .isTrue();
        assertThat(PatternsValidator.problems(Configs.parse(SEARCHED_NOT_VIEWED))).isEmpty();
    }

    @Test
    void aMatchIsAnchoredAtItsFirstEventAndAnAbsenceAtTheEndTriggersAtTheLimit() {
        SequenceParams params = params(SEARCHED_NOT_VIEWED);
        UserEvent search =
                alice.searches().at(BEGINNING).toBuilder().query("red shoes for alice").build();

        Match match =
                new SequenceMatcher("searched-not-viewed", params, ZoneId.of("UTC"))
                        .toMatch(Map.of("searched", List.of(search)));

        assertThat(match.anchorAt()).isEqualTo(BEGINNING);
        assertThat(match.triggeredAt()).isEqualTo(BEGINNING + 10 * ONE_MINUTE);
        assertThat(match.evidence()).containsExactly(search.eventId());
        assertThat(match.reason())
                .as("names the step's condition, never what the user typed")
                .isEqualTo(
                        "searched for \"shoes\" at 02:00 on 2017-11-25, then did not view or"
                                + " favorite within 10 min (UTC)")
                .doesNotContain("alice");
    }

    @Test
    void validateListsEveryMistakeInTheStepsAtOnce() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "t"
                        timezone: UTC
                        patterns:
                          - id: broken
                            type: SEQUENCE
                            params:
                              within: 0s
                              steps:
                                - {name: a, type: SEARCH, after: next}
                                - {name: a, type: TELEPORT, after: notFollowedBy, times: 2}
                                - {name: c, type: VIEW, minPrice: 20, maxPrice: 10, catgory: x}
                            action: {channels: [PUSH], template: t}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "patterns[broken].params.within",
                        "patterns[broken].params.steps[0].after",
                        "patterns[broken].params.steps[1].type",
                        "patterns[broken].params.steps[1].times",
                        "patterns[broken].params.steps[1].name",
                        "patterns[broken].params.steps[2].maxPrice",
                        "patterns[broken].params.steps[2].catgory");
        assertThat(errors)
                .filteredOn(e -> e.path().endsWith("catgory"))
                .singleElement()
                .satisfies(e -> assertThat(e.expected()).contains("did you mean \"category\""));
    }

    @Test
    void anErasureIsNeverAStep() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        """
                        version: "t"
                        timezone: UTC
                        patterns:
                          - id: erased-then-back
                            type: SEQUENCE
                            params:
                              within: 1d
                              steps:
                                - {name: gone, type: [ERASE, VIEW]}
                                - {name: back, type: VIEW}
                            action: {channels: [PUSH], template: t}
                        """);

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path())
                                    .isEqualTo("patterns[erased-then-back].params.steps[0].type");
                            assertThat(e.expected()).contains("an ERASE ends every sequence");
                        });
    }

    @Test
    void aStepWithAnEmptyListOfTypesIsAnErrorNotAStepThatTakesAnything() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        SEARCHED_NOT_VIEWED.replace("type: [VIEW, FAVORITE]", "type: []"));

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path())
                                    .isEqualTo(
                                            "patterns[searched-not-viewed].params.steps[1].type");
                            assertThat(e.found()).isEqualTo("[]");
                            assertThat(e.expected()).startsWith("at least one of REGISTER, VIEW");
                        });
    }

    @Test
    void aStepTakesTimesOrOneOrMoreNotBoth() {
        String both =
                SEARCHED_NOT_VIEWED.replace(
                        "{name: searched, type: SEARCH, query: Shoes}",
                        "{name: searched, type: SEARCH, times: 3, oneOrMore: true}");

        assertThat(PatternsConfigReader.problems(both))
                .singleElement()
                .hasToString(
                        "patterns[searched-not-viewed].params.steps[0].oneOrMore: true -- expected times: N, or"
                                + " oneOrMore: true, not both");
    }

    @Test
    void oneOrMoreIsOneEventOrMoreAndTimesIsExactlySoMany() {
        SequenceParams oneOrMore =
                params(
                        SEARCHED_NOT_VIEWED.replace(
                                "{name: searched, type: SEARCH, query: Shoes}",
                                "{name: searched, type: SEARCH, oneOrMore: true}"));
        SequenceParams twice =
                params(
                        SEARCHED_NOT_VIEWED.replace(
                                "{name: searched, type: SEARCH, query: Shoes}",
                                "{name: searched, type: SEARCH, times: 2}"));

        Pattern<UserEvent, ?> looping = SequenceCompiler.compile(oneOrMore).getPrevious();
        Pattern<UserEvent, ?> exact = SequenceCompiler.compile(twice).getPrevious();

        assertThat(looping.getQuantifier().hasProperty(Quantifier.QuantifierProperty.LOOPING))
                .isTrue();
        assertThat(looping.getTimes().getFrom()).as("one or more").isEqualTo(1);
        assertThat(exact.getQuantifier().hasProperty(Quantifier.QuantifierProperty.TIMES)).isTrue();
        assertThat(exact.getTimes().getFrom()).isEqualTo(2);
        assertThat(exact.getTimes().getTo()).isEqualTo(2);
    }

    @Test
    void emptyOrOverlongTextsInAStepAreErrors() {
        List<ConfigError> errors =
                PatternsConfigReader.problems(
                        SEARCHED_NOT_VIEWED.replace(
                                "{name: searched, type: SEARCH, query: Shoes}",
                                "{name: \"\", type: SEARCH, query: \" \", category: \"%s\"}"
                                        .formatted("c".repeat(300))));

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "patterns[searched-not-viewed].params.steps[0].name",
                        "patterns[searched-not-viewed].params.steps[0].query",
                        "patterns[searched-not-viewed].params.steps[0].category");
    }

    @Test
    void whatFlinkCepRejectsIsAConfigurationErrorNamingThePattern() {
        PatternsConfig config = Configs.parse(SEARCHED_NOT_VIEWED);
        SequenceParams.Step searched = params(SEARCHED_NOT_VIEWED).steps().get(0);
        SequenceParams.Step sameName =
                new SequenceParams.Step(
                        searched.name(),
                        Set.of(EventType.VIEW),
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        SequenceParams.After.FOLLOWED_BY,
                        1,
                        false);
        SequenceParams rejected =
                new SequenceParams(List.of(searched, sameName), Duration.ofMinutes(10));

        List<ConfigError> errors =
                PatternsValidator.problems(
                        new PatternsConfig(
                                config.version(),
                                config.timezone(),
                                config.money(),
                                config.lifecycle(),
                                config.segments(),
                                config.rfm(),
                                config.profile(),
                                config.policy(),
                                config.offers(),
                                List.of(withParams(config, rejected)),
                                config.flows()));

        assertThat(errors)
                .singleElement()
                .satisfies(
                        e -> {
                            assertThat(e.path()).isEqualTo("patterns[0].params.steps");
                            assertThat(e.found()).contains("Flink CEP rejects");
                        });
    }

    private static dev.nudge.config.PatternSpec withParams(
            PatternsConfig config, SequenceParams params) {
        var spec = config.patterns().get(0);
        return new dev.nudge.config.PatternSpec(
                spec.id(),
                spec.type(),
                spec.enabled(),
                params,
                spec.audience(),
                spec.action(),
                spec.schedule(),
                spec.holdoutPercent());
    }

    private static SequenceParams params(String yaml) {
        return (SequenceParams) Configs.parse(yaml).patterns().get(0).params();
    }
}
