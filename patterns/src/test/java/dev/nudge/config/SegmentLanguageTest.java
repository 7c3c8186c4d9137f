package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The segment language and outside tags as the reader takes them: what each rule reads as, and
 * every mistake an operator can make reported where it is, with what to write instead.
 */
class SegmentLanguageTest {
    private static final String PATTERNS =
            """
            patterns:
              - id: browse
                type: BROWSE_WITHOUT_BUY
                action: {channels: [PUSH], template: t}
            """;

    private static String document(String segmentsAndTags) {
        return "version: \"1\"\n" + segmentsAndTags + PATTERNS;
    }

    private static PatternsConfig read(String segmentsAndTags) throws ConfigException {
        return PatternsConfigReader.read(document(segmentsAndTags), "test");
    }

    private static List<String> problems(String segmentsAndTags) {
        return PatternsConfigReader.problems(document(segmentsAndTags)).stream()
                .map(ConfigError::toString)
                .toList();
    }

    @Test
    void customSegmentsSitBesideTheBuiltInThresholdsAndReadAsTheirRules() throws Exception {
        PatternsConfig config =
                read(
                        """
                        tags: {crm-tier: {values: [gold, silver, bronze]}, churn-risk: {}}
                        segments:
                          high-value: {minSpend90d: 2000}
                          at-risk-vip: {rfm: {R: [1, 2], M: [5]}, stages: [SILENT, ACTIVE]}
                          south: {region: [CN-GD, CN-GX]}
                          young-beauty: {ageBand: [18-24], topCategory: ["1039595"]}
                          big-spender: {spend90d: {min: 2000}}
                          due-soon: {nextPurchaseWithin: 3d}
                          vip-south: {all: [high-value, south]}
                          gold: {tag: {name: crm-tier, values: [gold]}}
                          quiet: {not: {any: [R5, {tag: churn-risk}]}}
                        """);

        SegmentRules segments = config.segments();
        assertThat(segments.highValueSpend90d()).isEqualTo(2000.0);
        assertThat(segments.custom())
                .containsOnlyKeys(
                        "at-risk-vip",
                        "south",
                        "young-beauty",
                        "big-spender",
                        "due-soon",
                        "vip-south",
                        "gold",
                        "quiet");
        assertThat(segments.custom().get("at-risk-vip"))
                .isEqualTo(
                        new SegmentRule.All(
                                List.of(
                                        new SegmentRule.Rfm(List.of(1, 2), List.of(), List.of(5)),
                                        new SegmentRule.Stages(
                                                List.of(
                                                        LifecycleStage.SILENT,
                                                        LifecycleStage.ACTIVE)))));
        assertThat(segments.custom().get("big-spender"))
                .isEqualTo(new SegmentRule.Between(SegmentRule.Measure.SPEND_90D, 2000.0, null));
        assertThat(segments.custom().get("due-soon"))
                .isEqualTo(
                        new SegmentRule.Within(
                                SegmentRule.Moment.NEXT_PURCHASE, Duration.ofDays(3)));
        assertThat(segments.custom().get("vip-south").written())
                .isEqualTo("{all: [high-value, south]}");
        assertThat(segments.custom().get("quiet").written())
                .isEqualTo("{not: {any: [R5, {tag: churn-risk}]}}");
        assertThat(segments.custom().get("gold").written())
                .isEqualTo("{tag: {name: crm-tier, values: [gold]}}");
        assertThat(segments.tags())
                .containsEntry("crm-tier", new OutsideTag(List.of("gold", "silver", "bronze")))
                .containsEntry("churn-risk", OutsideTag.ANY_VALUE);
    }

    @Test
    void audiencesAndOffersNameRfmScoresStagesCustomSegmentsAndOutsideTags() throws Exception {
        PatternsConfig config =
                PatternsConfigReader.read(
                        """
                        version: "1"
                        tags: {churn-risk: {}}
                        segments:
                          south: {region: [CN-GD]}
                        offers: [{segment: M5, offer: VIP}, {segment: south, offer: SOUTH}]
                        patterns:
                          - id: browse
                            type: BROWSE_WITHOUT_BUY
                            audience: {segments: [R5, south, churn-risk], exclude: [CHURNED, F1]}
                            action:
                              channels: [PUSH]
                              template: t
                              offers: [{segment: churn-risk, offer: STAY}]
                        """,
                        "test");

        assertThat(config.patterns().get(0).audience().segments())
                .containsExactly("R5", "south", "churn-risk");
        assertThat(config.patterns().get(0).audience().exclude()).containsExactly("CHURNED", "F1");
        assertThat(config.offers()).extracting(OfferRule::segment).containsExactly("M5", "south");
    }

    @Test
    void anUnknownFieldOfARuleIsNamedWithTheFieldMeant() {
        assertThat(problems("segments:\n  south: {regoin: [CN-GD]}\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("segments.south.regoin: unknown key -- expected one of rfm, stages,")
                .endsWith("(did you mean \"region\"?)");
        assertThat(problems("segments:\n  old: {rfm: {r: [1]}}\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("segments.old.rfm.r: unknown key -- expected one of R, F, M");
        assertThat(problems("segments:\n  rich: {spend90d: {mni: 5}}\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .isEqualTo(
                        "segments.rich.spend90d.mni: unknown key -- expected one of min, max"
                                + " (did you mean \"min\"?)");
    }

    @Test
    void anUnknownNameIsNamedWhereItIsWrittenWithTheNameMeant() {
        assertThat(problems("segments:\n  vip-south: {all: [high-valeu, south]}\n"))
                .containsExactly(
                        "segments.vip-south.all[0]: \"high-valeu\" -- expected a segment, stage,"
                                + " RFM score (R1 … M5) or declared tag (did you mean"
                                + " \"high-value\"?)",
                        "segments.vip-south.all[1]: \"south\" -- expected a segment, stage, RFM"
                                + " score (R1 … M5) or declared tag");
        assertThat(
                        PatternsConfigReader.problems(
                                        """
                                        version: "1"
                                        patterns:
                                          - id: browse
                                            type: BROWSE_WITHOUT_BUY
                                            audience: {segments: [R6]}
                                            action: {channels: [PUSH], template: t}
                                        """)
                                .get(0)
                                .toString())
                .startsWith(
                        "patterns[browse].audience.segments: \"R6\" -- expected a segment, stage,")
                .endsWith("(did you mean \"R1\"?)");
    }

    @Test
    void referencesThatComeBackToTheirRuleAreACycleNamedStepByStep() {
        assertThat(
                        problems(
                                """
                                segments:
                                  a: {all: [b, R5]}
                                  b: {any: [c]}
                                  c: {not: a}
                                  d: {all: [d]}
                                """))
                .containsExactly(
                        "segments.a: a cycle: a -> b -> c -> a -- expected rules that do not refer"
                                + " back to themselves",
                        "segments.d: a cycle: d -> d -- expected rules that do not refer back to"
                                + " themselves");
    }

    @Test
    void emptyListsEmptyRangesAndScoresOutsideOneToFiveAreErrorsWithTheirPaths() {
        assertThat(
                        problems(
                                """
                                segments:
                                  nowhere: {region: []}
                                  nothing: {spend90d: {min: 500, max: 100}}
                                  odd: {rfm: {R: [0, 6]}}
                                  stageless: {stages: [SLIENT]}
                                  never: {}
                                  soon: {nextPurchaseWithin: 3 days}
                                """))
                .containsExactly(
                        "segments.nowhere.region: [] -- expected a list of values, e.g. [a, b]",
                        "segments.nothing.spend90d: {min: 500, max: 100} -- expected a range that"
                                + " holds a value: min at most max",
                        "segments.odd.rfm.R[0]: 0 -- expected a score from 1 to 5",
                        "segments.odd.rfm.R[1]: 6 -- expected a score from 1 to 5",
                        "segments.stageless.stages[0]: \"SLIENT\" -- expected one of PROSPECT,"
                                + " NEW, ACTIVE, SILENT, CHURNED (did you mean \"SILENT\"?)",
                        "segments.never: {} -- expected at least one test, e.g. {region:"
                                + " [CN-GD]}",
                        "segments.soon.nextPurchaseWithin: \"3 days\" -- expected a duration from"
                                + " 1m to 366d, e.g. 3d");
    }

    @Test
    void aTagARuleTestsMustBeDeclaredAndItsValuesAmongTheDeclaredOnes() {
        assertThat(
                        problems(
                                """
                                tags: {crm-tier: {values: [gold, silver]}}
                                segments:
                                  gold: {tag: {name: crm-tier, values: [glod]}}
                                  churny: {tag: churn-risk}
                                """))
                .containsExactly(
                        "segments.gold.tag.values[0]: \"glod\" -- expected a value of crm-tier:"
                                + " one of gold, silver (did you mean \"gold\"?)",
                        "segments.churny.tag: \"churn-risk\" -- expected a tag declared in `tags`:"
                                + " one of crm-tier");
    }

    @Test
    void namesOfSegmentsAndTagsStayApartFromEachOtherAndFromTheBuiltInOnes() {
        assertThat(
                        problems(
                                """
                                tags: {potential: {}, vip: {}, Gold: {}}
                                segments:
                                  vip: {region: [CN-GD]}
                                """))
                .containsExactly(
                        "tags.potential: \"potential\" -- expected a name that is not a built-in"
                                + " segment, stage or RFM score",
                        "tags.Gold: \"Gold\" -- expected a tag name: lower-case letters, digits"
                                + " and -, at most 63",
                        "segments.vip: \"vip\" -- expected a name not used by a tag in `tags`");
        assertThat(problems("segments:\n  High-Value: {minSpend90d: 5}\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("segments.High-Value: \"High-Value\" -- expected a built-in segment")
                .endsWith("(did you mean \"high-value\"?)");
    }

    @Test
    void rulesAreBoundedInNumberDepthAndTheTestsTheirReferencesComeTo() {
        StringBuilder many = new StringBuilder("segments:\n");
        for (int i = 0; i <= ConfigLimits.MAX_SEGMENT_RULES; i++) {
            many.append("  s").append(i).append(": {region: [x]}\n");
        }
        assertThat(problems(many.toString()))
                .containsExactly(
                        "segments: 101 custom segments -- expected at most 100 custom segments");

        String deep = "{not: ".repeat(ConfigLimits.MAX_RULE_DEPTH + 1) + "R5" + "}".repeat(9);
        assertThat(problems("segments:\n  deep: " + deep + "\n"))
                .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
                .startsWith("segments.deep.not.not.not.not.not.not.not.not.not: a rule nested 9");

        // Each level names the one below it 32 times: 32 × 32 tests once written out.
        String wide = "[" + String.join(", ", java.util.Collections.nCopies(32, "%s")) + "]";
        assertThat(
                        problems(
                                "segments:\n  a: {region: [x]}\n  b: {any: "
                                        + wide.formatted((Object[]) names("a"))
                                        + "}\n  c: {any: "
                                        + wide.formatted((Object[]) names("b"))
                                        + "}\n"))
                .containsExactly(
                        "segments.c: a rule of 1057 tests -- expected at most 1000 tests with the"
                                + " segments it names written out");
    }

    private static String[] names(String name) {
        return java.util.Collections.nCopies(32, name).toArray(new String[0]);
    }

    @Test
    void aDeclaredTagWithoutValuesTakesAnyAndAnEmptyValueListIsAnError() {
        assertThat(problems("tags: {crm-tier: {values: []}, score: {valeus: [a]}}\n"))
                .containsExactly(
                        "tags.crm-tier.values: [] -- expected at least one value, or no `values`"
                                + " for any",
                        "tags.score.valeus: unknown key -- expected one of values (did you mean"
                                + " \"values\"?)");
    }
}
