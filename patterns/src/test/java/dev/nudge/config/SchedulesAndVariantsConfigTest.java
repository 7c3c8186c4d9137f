package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Channel;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A pattern's {@code schedule}, its own {@code holdoutPercent} and its action's {@code variants} as
 * operators write them: what they read as, every mistake with its path and fix, and that a running
 * job takes every change of them live.
 */
class SchedulesAndVariantsConfigTest {

    /**
     * A document of one browse pattern whose pattern block ends with {@code extra}, and a plain
     * action unless {@code extra} writes one.
     */
    private static String browse(String extra) {
        String action =
                extra.contains("action:")
                        ? ""
                        : "action: {channels: [PUSH, EMAIL], template: browse_v1}\n";
        return """
                version: "exp-1"
                timezone: Asia/Shanghai
                policy: {holdoutPercent: 5}
                patterns:
                  - id: browse
                    type: BROWSE_WITHOUT_BUY
                %s"""
                .formatted((action + extra).indent(4));
    }

    private static PatternSpec read(String extra) throws ConfigException {
        return PatternsConfigReader.read(browse(extra), "test").pattern("browse");
    }

    private static List<ConfigError> problems(String extra) {
        return PatternsConfigReader.problems(browse(extra));
    }

    private static List<String> diffLines(String before, String after) throws ConfigException {
        return ConfigDiff.between(
                        PatternsConfigReader.read(browse(before), "before"),
                        PatternsConfigReader.read(browse(after), "after"))
                .stream()
                .map(ConfigChange::toString)
                .toList();
    }

    private static final String EXPERIMENT =
            """
            holdoutPercent: 10
            action:
              channels: [PUSH, EMAIL]
              template: browse_v1
              variants:
                - {id: control, weight: 50}
                - {id: coupon, weight: 30, offer: COUPON_10, template: browse_coupon_v1}
                - {id: email-tonight, weight: 20, channels: [EMAIL], sendTime: BEST_HOUR}
            """;

    @Test
    void aScheduleReadsAsWrittenWithItsDaysInWeekOrder() throws Exception {
        PatternSpec pattern =
                read(
                        """
                        schedule:
                          from: "2026-12-01T00:00"
                          until: "2026-12-24T23:59"
                          days: [FRI, MON, TUE, WED, THU]
                          hours: "09:00-21:00"
                          zone: USER
                        """);

        Schedule schedule = pattern.schedule();
        assertThat(schedule.from().first()).isEqualTo(LocalDateTime.of(2026, 12, 1, 0, 0));
        assertThat(schedule.until().end())
                .as("until is the whole minute written")
                .isEqualTo(LocalDateTime.of(2026, 12, 25, 0, 0));
        assertThat(schedule.days())
                .containsExactly(
                        Schedule.Day.MON,
                        Schedule.Day.TUE,
                        Schedule.Day.WED,
                        Schedule.Day.THU,
                        Schedule.Day.FRI);
        assertThat(schedule.hours().start()).isEqualTo(LocalTime.of(9, 0));
        assertThat(schedule.hours().end()).isEqualTo(LocalTime.of(21, 0));
        assertThat(schedule.hours().wraps()).isFalse();
        assertThat(schedule.zone()).isEqualTo(Schedule.Zone.USER);
    }

    @Test
    void everyPartOfAScheduleIsOptionalAndNoScheduleIsAlways() throws Exception {
        assertThat(read("").schedule()).isEqualTo(Schedule.ALWAYS);
        assertThat(read("").schedule().isAlways()).isTrue();

        Schedule datesOnly = read("schedule: {from: 2026-12-01, until: 2026-12-24}").schedule();
        assertThat(datesOnly.until().end())
                .as("a date is the whole day")
                .isEqualTo(LocalDateTime.of(2026, 12, 25, 0, 0));
        assertThat(datesOnly.zone()).isEqualTo(Schedule.Zone.CONFIG);
        assertThat(datesOnly.days()).as("every day").isEmpty();
        assertThat(datesOnly.hours()).as("all day").isNull();

        Schedule withOffset = read("schedule: {from: \"2026-12-01T09:30:15+08:00\"}").schedule();
        assertThat(withOffset.from().offset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(withOffset.from()).hasToString("2026-12-01T09:30:15+08:00");
        assertThat(read("schedule: {hours: \"21:00-02:00\"}").schedule().hours().wraps())
                .as("hours past midnight")
                .isTrue();
    }

    @Test
    void aWrongScheduleIsReportedPartByPartWithWhatToWrite() {
        List<ConfigError> errors =
                problems(
                        """
                        schedule:
                          from: "2026-12-32T00:00"
                          until: "next week"
                          days: [MON, FUN]
                          hours: "9-21"
                          zone: USR
                          dayz: [SAT]
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "patterns[browse].schedule.from",
                        "patterns[browse].schedule.until",
                        "patterns[browse].schedule.days[1]",
                        "patterns[browse].schedule.hours",
                        "patterns[browse].schedule.zone",
                        "patterns[browse].schedule.dayz");
        assertThat(errors)
                .extracting(ConfigError::toString)
                .contains(
                        "patterns[browse].schedule.from: \"2026-12-32T00:00\" -- expected "
                                + Schedule.Bound.EXPECTED,
                        "patterns[browse].schedule.hours: \"9-21\" -- expected "
                                + Schedule.Hours.EXPECTED)
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("patterns[browse].schedule.days[1]: \"FUN\"")
                                        .contains("did you mean \"SUN\""))
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("patterns[browse].schedule.zone: \"USR\"")
                                        .contains("one of CONFIG, USER (did you mean \"USER\"?)"))
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("patterns[browse].schedule.dayz: unknown key")
                                        .contains("did you mean \"days\""));
    }

    @Test
    void hoursFromATimeToItselfAreAnErrorSinceTheyWouldMeanAllDayOrNever() {
        assertThat(problems("schedule: {hours: \"10:00-10:00\"}"))
                .extracting(ConfigError::toString)
                .containsExactly(
                        "patterns[browse].schedule.hours: \"10:00-10:00\" -- expected "
                                + Schedule.Hours.EXPECTED);
    }

    @Test
    void aScheduleThatEndsBeforeItBeginsIsAnError() {
        assertThat(problems("schedule: {from: \"2026-12-24T00:00\", until: \"2026-12-01T23:59\"}"))
                .extracting(ConfigError::toString)
                .containsExactly(
                        "patterns[browse].schedule.until: \"2026-12-01T23:59\" -- expected a time not"
                                + " before from (\"2026-12-24T00:00\")");
        assertThat(problems("schedule: {from: 2026-12-24, until: 2026-12-24}"))
                .as("one whole day")
                .isEmpty();
        assertThat(
                        problems(
                                "schedule: {from: \"2026-12-24T08:00+08:00\","
                                        + " until: \"2026-12-24T00:00Z\"}"))
                .as("with offsets, compared as instants: the one minute 00:00Z, 08:00 at +08:00")
                .isEmpty();
        assertThat(
                        problems(
                                "schedule: {from: \"2026-12-24T08:00+08:00\","
                                        + " until: \"2026-12-23T23:59Z\"}"))
                .as("23:59Z ends as the schedule begins")
                .extracting(ConfigError::path)
                .containsExactly("patterns[browse].schedule.until");
        assertThat(problems("schedule: {from: \"2026-12-24T08:00+08:00\", until: 2026-12-23}"))
                .as("a local date in the configuration's zone, Asia/Shanghai")
                .extracting(ConfigError::path)
                .containsExactly("patterns[browse].schedule.until");
    }

    @Test
    void variantsAndTheirOverridesReadAsWritten() throws Exception {
        PatternSpec pattern = read(EXPERIMENT);

        assertThat(pattern.holdoutPercent()).isEqualTo(10.0);
        assertThat(pattern.action().variants())
                .containsExactly(
                        new Variant("control", 50, null, null, null, null),
                        new Variant("coupon", 30, "browse_coupon_v1", "COUPON_10", null, null),
                        new Variant(
                                "email-tonight",
                                20,
                                null,
                                null,
                                List.of(Channel.EMAIL),
                                SendTime.BEST_HOUR));
        assertThat(read("").holdoutPercent()).as("the policy's").isNull();
        assertThat(read("").action().variants()).isEmpty();
    }

    @Test
    void wrongVariantsAreReportedWithTheirPathAndFix() {
        List<ConfigError> errors =
                problems(
                        """
                        holdoutPercent: 150
                        action:
                          channels: [PUSH]
                          template: t
                          variants:
                            - {id: a, weight: 1}
                            - {id: a, weight: 2}
                            - {id: B!, weight: -1}
                            - {id: c, wieght: 3}
                            - {id: d, weight: 1, channels: []}
                            - {id: e, weight: 1, channels: [SMS, SMS], sendTime: LATER}
                        """);

        assertThat(errors)
                .extracting(ConfigError::path)
                .containsExactlyInAnyOrder(
                        "patterns[browse].holdoutPercent",
                        "patterns[browse].action.variants[1].id",
                        "patterns[browse].action.variants[2].id",
                        "patterns[browse].action.variants[2].weight",
                        "patterns[browse].action.variants[3].wieght",
                        "patterns[browse].action.variants[3].weight",
                        "patterns[browse].action.variants[4].channels",
                        "patterns[browse].action.variants[5].channels",
                        "patterns[browse].action.variants[5].sendTime");
        assertThat(errors)
                .extracting(ConfigError::toString)
                .contains(
                        "patterns[browse].action.variants[1].id: \"a\" -- expected an id not used by"
                                + " another variant of the action",
                        "patterns[browse].action.variants[3].weight: missing -- expected a weight from"
                                + " 0 to 10,000, e.g. 50")
                .anySatisfy(
                        e ->
                                assertThat(e)
                                        .startsWith("patterns[browse].action.variants[3].wieght")
                                        .contains("did you mean \"weight\""));
    }

    @Test
    void atLeastOneVariantMustHaveAWeightAndTenAreTheMost() {
        assertThat(
                        problems(
                                """
                                action:
                                  channels: [PUSH]
                                  template: t
                                  variants: [{id: a, weight: 0}, {id: b, weight: 0}]
                                """))
                .extracting(ConfigError::toString)
                .containsExactly(
                        "patterns[browse].action.variants: every weight 0 -- expected at least one"
                                + " variant with a weight above 0, e.g. weight: 50");

        StringBuilder eleven = new StringBuilder("action:\n  channels: [PUSH]\n  template: t\n");
        eleven.append("  variants:\n");
        for (int i = 0; i < 11; i++) {
            eleven.append("    - {id: v").append(i).append(", weight: 1}\n");
        }
        assertThat(problems(eleven.toString()))
                .extracting(ConfigError::toString)
                .containsExactly(
                        "patterns[browse].action.variants: a list of 11 -- expected at most 10"
                                + " variants");
    }

    @Test
    void weightsVariantsAndThePatternsHoldoutChangeLive() throws Exception {
        assertThat(
                        diffLines(
                                EXPERIMENT,
                                EXPERIMENT
                                        .replace("weight: 30", "weight: 40")
                                        .replace("holdoutPercent: 10", "holdoutPercent: 20")))
                .containsExactly(
                        "patterns[browse].holdoutPercent: 10 -> 20 (live)",
                        "patterns[browse].action.variants: [{id: control, weight: 50}, {id:"
                                + " coupon, weight: 30, template: browse_coupon_v1, offer:"
                                + " COUPON_10}, {id: email-tonight, weight: 20, channels: [EMAIL],"
                                + " sendTime: BEST_HOUR}] -> [{id: control, weight: 50}, {id:"
                                + " coupon, weight: 40, template: browse_coupon_v1, offer:"
                                + " COUPON_10}, {id: email-tonight, weight: 20, channels: [EMAIL],"
                                + " sendTime: BEST_HOUR}] (live)");

        String added =
                EXPERIMENT.replace(
                        "sendTime: BEST_HOUR}\n",
                        "sendTime: BEST_HOUR}\n    - {id: push-only, weight: 10, channels: [PUSH]}\n");
        assertThat(diffLines(EXPERIMENT, added))
                .as("adding a variant")
                .singleElement()
                .asString()
                .endsWith("(live)");
        assertThat(diffLines("", EXPERIMENT))
                .as("an experiment on a running pattern")
                .allSatisfy(line -> assertThat(line).endsWith("(live)"))
                .hasSize(2);
    }

    @Test
    void aScheduleChangesLivePartByPart() throws Exception {
        String before = "schedule: {from: 2026-12-01, hours: \"09:00-21:00\"}";
        String after =
                "schedule: {from: 2026-12-01, until: \"2026-12-24T23:59\", hours: \"10:00-02:00\","
                        + " days: [SAT, SUN], zone: USER}";

        assertThat(diffLines(before, after))
                .containsExactly(
                        "patterns[browse].schedule.until: (none) -> 2026-12-24T23:59 (live)",
                        "patterns[browse].schedule.days: [] -> [SAT, SUN] (live)",
                        "patterns[browse].schedule.hours: 09:00-21:00 -> 10:00-02:00 (live)",
                        "patterns[browse].schedule.zone: CONFIG -> USER (live)");
        assertThat(diffLines(before, ""))
                .as("dropping the schedule")
                .containsExactly(
                        "patterns[browse].schedule.from: 2026-12-01 -> (none) (live)",
                        "patterns[browse].schedule.hours: 09:00-21:00 -> (none) (live)");
    }
}
