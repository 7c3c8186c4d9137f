package dev.nudge.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Money;
import dev.nudge.testing.Readme;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link PatternsYaml}: every setting of {@code patterns.yaml} is declared once, and the
 * reader, {@code diff} and the README follow the declarations.
 */
class PatternsYamlTest {
    /** A flow of every kind of step, to be added to a document with the shipped patterns. */
    /** A flow with a branch, which the shipped ones have not, to go after them in {@code flows}. */
    private static final String A_FLOW =
            """
              - id: browse-follow-up
                entry: {patterns: [browse-abandonment]}
                reentry: 7d
                exit: {event: PURCHASE}
                steps:
                  - name: wait-a-day
                    wait: {for: 1d}
                    next: high-value
                  - name: high-value
                    branch: [{when: {segment: high-value}, next: email}]
                  - name: email
                    send: {channels: [EMAIL], template: browse_email_v1}
            """;

    private static final String TYPES_TABLE =
            "| type | reacts to | params (default, range) | example |";

    @Test
    void theReadmesTableOfTheDocumentsSettingsIsWrittenFromTheDeclarations() throws Exception {
        Readme.assertWritten(
                "PatternsYaml",
                SettingsTable.of(PatternsYaml.DECLARED.all(), true),
                "PatternsYamlTest");
    }

    @Test
    void theReadmesParamsOfEachPatternTypeAreWrittenFromTheDeclarations() throws Exception {
        Path document = Readme.fileWith(TYPES_TABLE);
        List<String> lines = new ArrayList<>(Readme.text(document).lines().toList());
        int table = lines.indexOf(TYPES_TABLE);
        assertThat(table).as("the README's table of pattern types").isNotNegative();
        for (PatternType type : PatternType.values()) {
            int row = table;
            while (!lines.get(row).startsWith("| `" + type.name() + "` |")) {
                row++;
            }
            String[] cells = lines.get(row).split(" \\| ", -1);
            String params = SettingsTable.params(type);
            if (Readme.writing()) {
                cells[2] = params;
                lines.set(row, String.join(" | ", cells));
            } else {
                assertThat(cells[2])
                        .as("the params of %s in docs/operators.md, Patterns", type)
                        .isEqualTo(params);
            }
        }
        if (Readme.writing()) {
            Readme.write(document, String.join("\n", lines) + "\n");
        }
    }

    @Test
    void aDocumentThatWritesNothingTakesEveryDeclaredDefault() throws Exception {
        PatternsConfig config =
                PatternsConfigReader.read(
                        """
                        version: "1"
                        patterns:
                          - {id: a, type: BROWSE_WITHOUT_BUY, action: {channels: [PUSH], template: t}}
                          - {id: b, type: CART_ABANDONMENT, action: {channels: [PUSH], template: t}}
                          - {id: c, type: PREDICTED_REPURCHASE, action: {channels: [PUSH], template: t}}
                          - {id: d, type: LIFECYCLE_TRANSITION, action: {channels: [PUSH], template: t}}
                          - {id: e, type: NEW_USER_NO_PURCHASE, action: {channels: [PUSH], template: t}}
                          - {id: f, type: HIGH_VALUE, action: {channels: [PUSH], template: t}}
                        """,
                        "defaults");
        FlowSpec flow =
                PatternsConfigReader.read(
                                """
                                version: "1"
                                patterns:
                                  - {id: b, type: CART_ABANDONMENT, action: {channels: [PUSH], template: t}}
                                flows:
                                  - id: rescue
                                    entry: {patterns: [b]}
                                    steps: [{name: push, send: {channels: [PUSH], template: t}}]
                                """,
                                "a flow's defaults")
                        .flow("rescue");

        for (Setting<?> setting : PatternsYaml.DECLARED.all()) {
            if (setting.isIn(PatternsConfig.class)) {
                assertThat(setting.valueIn(config))
                        .as(setting.key())
                        .satisfies(value -> assertDefault(setting, value));
            } else if (setting.isIn(PatternSpec.class)
                    && setting.defaultValue() != null
                    && !setting.isRequired()) {
                assertThat(setting.valueIn(config.patterns().get(0)))
                        .as(setting.key())
                        .satisfies(value -> assertDefault(setting, value));
            } else if (setting.isIn(FlowSpec.class)
                    && setting.defaultValue() != null
                    && !setting.isRequired()) {
                assertThat(setting.valueIn(flow))
                        .as(setting.key())
                        .satisfies(value -> assertDefault(setting, value));
            }
        }
        for (PatternSpec pattern : config.patterns()) {
            for (Setting<?> param : pattern.type().params().all()) {
                assertThat(param.valueIn(pattern.params()))
                        .as("%s of %s", param.key(), pattern.type())
                        .satisfies(value -> assertDefault(param, value));
            }
        }
        assertThat(ProfileSpec.DEFAULTS).isEqualTo(config.profile());
    }

    @Test
    void everyValueOfAConfigurationIsADeclaredSettingThatDiffNames() throws Exception {
        PatternsConfig shipped =
                PatternsConfigReader.read(
                        Files.readString(Path.of("../config/patterns.yaml")) + A_FLOW,
                        "the shipped document and a flow with a branch");
        List<String> unnamed = new ArrayList<>();
        for (Leaf leaf : leaves(shipped, "")) {
            if (leaf.path().equals(".version")
                    || leaf.path().startsWith(".patterns")
                    || leaf.path().startsWith(".flows")) {
                continue;
            }
            PatternsConfig changed = (PatternsConfig) leaf.change().apply(shipped);
            if (ConfigDiff.between(shipped, changed).size() != 1) {
                unnamed.add(leaf.path());
            }
        }
        for (int i = 0; i < shipped.patterns().size(); i++) {
            int index = i;
            PatternSpec pattern = shipped.patterns().get(i);
            for (Leaf leaf : leaves(pattern, "patterns[" + pattern.id() + "]")) {
                if (leaf.path().endsWith("].id") || leaf.path().endsWith("].type")) {
                    continue;
                }
                List<PatternSpec> patterns = new ArrayList<>(shipped.patterns());
                patterns.set(index, (PatternSpec) leaf.change().apply(pattern));
                if (ConfigDiff.between(shipped, withPatterns(shipped, patterns)).size() != 1) {
                    unnamed.add(leaf.path());
                }
            }
        }

        for (int i = 0; i < shipped.flows().size(); i++) {
            int index = i;
            FlowSpec flow = shipped.flows().get(i);
            for (Leaf leaf : leaves(flow, "flows[" + flow.id() + "]")) {
                if (leaf.path().endsWith("].id")) {
                    continue;
                }
                List<FlowSpec> flows = new ArrayList<>(shipped.flows());
                flows.set(index, (FlowSpec) leaf.change().apply(flow));
                if (ConfigDiff.between(shipped, withFlows(shipped, flows)).size() != 1) {
                    unnamed.add(leaf.path());
                }
            }
        }

        assertThat(unnamed)
                .as("values of a configuration that diff does not name (undeclared settings)")
                .isEmpty();
    }

    @Test
    void aBlocksKeysAreTheDeclaredOnesUnderIt() {
        assertThat(PatternsYaml.DECLARED.keysUnder("policy"))
                .containsExactly(
                        "quietHours",
                        "frequencyCaps",
                        "capOverflow",
                        "arbitrationWindow",
                        "holdoutPercent",
                        "holdoutSalt",
                        "attributionWindow",
                        "consentDefaults");
        assertThat(PatternType.SEQUENCE.paramKeys()).containsExactly("steps", "within");
        assertThat(PatternsYaml.DECLARED.keysUnder("flows[].steps[]"))
                .containsExactly(
                        "name", "send", "wait", "next", "onTimeout", "exit", "branch", "otherwise");
        assertThat(PatternsYaml.DECLARED.keysUnder("flows[].steps[].send"))
                .as("a send is written as a pattern's action, but for its goal")
                .containsExactlyElementsOf(
                        PatternsYaml.DECLARED.keysUnder("patterns[].action").stream()
                                .filter(key -> !key.equals("goal"))
                                .toList());
    }

    private static void assertDefault(Setting<?> setting, Object value) {
        assertThat(Objects.deepEquals(value, setting.defaultValue()))
                .as("%s is %s, declared %s", setting.key(), value, setting.defaultValue())
                .isTrue();
    }

    private static PatternsConfig withFlows(PatternsConfig c, List<FlowSpec> flows) {
        return new PatternsConfig(
                c.version(),
                c.timezone(),
                c.money(),
                c.lifecycle(),
                c.segments(),
                c.rfm(),
                c.profile(),
                c.policy(),
                c.offers(),
                c.patterns(),
                flows);
    }

    private static PatternsConfig withPatterns(PatternsConfig c, List<PatternSpec> patterns) {
        return new PatternsConfig(
                c.version(),
                c.timezone(),
                c.money(),
                c.lifecycle(),
                c.segments(),
                c.rfm(),
                c.profile(),
                c.policy(),
                c.offers(),
                patterns,
                c.flows());
    }

    /**
     * One value of a configuration record, deep down, and how to make the record with it changed.
     */
    private record Leaf(String path, UnaryOperator<Object> change) {}

    /** Every value in {@code record}, records followed down; lists and maps are values. */
    private static List<Leaf> leaves(Object record, String path) {
        List<Leaf> leaves = new ArrayList<>();
        RecordComponent[] components = record.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            int index = i;
            RecordComponent component = components[i];
            Object value = Written.component(component, record);
            String inner = path + "." + component.getName();
            if (value instanceof Record
                    && !(value instanceof Money || value instanceof Percentile)) {
                for (Leaf leaf : leaves(value, inner)) {
                    leaves.add(
                            new Leaf(
                                    leaf.path(),
                                    r -> with(r, index, leaf.change().apply(value(r, index)))));
                }
            } else {
                leaves.add(new Leaf(inner, r -> with(r, index, changed(value, component))));
            }
        }
        return leaves;
    }

    private static Object value(Object record, int index) {
        return Written.component(record.getClass().getRecordComponents()[index], record);
    }

    /** {@code record} with its {@code index}th component {@code value}. */
    private static Object with(Object record, int index, Object value) {
        RecordComponent[] components = record.getClass().getRecordComponents();
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            values[i] = i == index ? value : Written.component(components[i], record);
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> canonical = record.getClass().getDeclaredConstructor(types);
            canonical.setAccessible(true);
            return canonical.newInstance(values);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Another value of the component's type. */
    private static Object changed(Object value, RecordComponent component) {
        if (value instanceof Duration duration) {
            return duration.plusMinutes(1);
        } else if (value instanceof Integer number) {
            return number + 1;
        } else if (value instanceof Double number) {
            return number + 0.5;
        } else if (value instanceof Boolean flag) {
            return !flag;
        } else if (value instanceof String text) {
            return text + "x";
        } else if (value instanceof LocalTime time) {
            return time.plusMinutes(1);
        } else if (value instanceof ZoneId zone) {
            return zone.getId().equals("Europe/Berlin")
                    ? ZoneId.of("UTC")
                    : ZoneId.of("Europe/Berlin");
        } else if (value instanceof Money money) {
            return Money.of(money.currency().equals("USD") ? "CNY" : "USD");
        } else if (value instanceof double[] numbers) {
            double[] more = numbers.clone();
            more[more.length - 1] += 1;
            return more;
        } else if (value instanceof Enum<?> constant) {
            Object[] constants = constant.getDeclaringClass().getEnumConstants();
            return constants[(constant.ordinal() + 1) % constants.length];
        } else if (value instanceof Map<?, ?> map) {
            return map.isEmpty() ? Map.of("x", true) : Map.of();
        } else if (value instanceof List<?> list) {
            return list.isEmpty() ? List.of(anElementOf(component)) : list.subList(1, list.size());
        } else if (value == null && component.getType() == Schedule.Bound.class) {
            // An absent schedule bound: from or until.
            return Schedule.Bound.parse("2026-12-24");
        } else if (value == null && component.getType() == Schedule.Hours.class) {
            return Schedule.Hours.parse("09:00-21:00");
        } else if (value == null && component.getType() == Percentile.class) {
            // An absent percentile: PREDICTED_REPURCHASE's `at`.
            return new Percentile(30);
        } else if (value instanceof Percentile percentile) {
            return new Percentile(percentile.value() % 99 + 1);
        } else if (value == null && component.getType() == Double.class) {
            // An absent number, e.g. a pattern's own holdoutPercent.
            return 5.0;
        } else if (value == null && component.getType() == String.class) {
            // An absent text, e.g. a flow exit's segment.
            return "x";
        } else if (value == null && component.getType() == Duration.class) {
            // An absent duration that follows another setting, e.g. a goal's `within`.
            return Duration.ofDays(1);
        } else if (value == null) {
            // An absent value of an enum, e.g. LIFECYCLE_TRANSITION's `from`.
            return component.getType().getEnumConstants()[0];
        }
        throw new IllegalArgumentException("no other value of " + value.getClass());
    }

    private static Object anElementOf(RecordComponent listComponent) {
        Class<?> type =
                (Class<?>)
                        ((ParameterizedType) listComponent.getGenericType())
                                .getActualTypeArguments()[0];
        if (type == String.class) {
            return "x";
        } else if (type.isEnum()) {
            return type.getEnumConstants()[0];
        } else if (type == OfferRule.class) {
            return new OfferRule("high-value", "X");
        } else if (type == Variant.class) {
            return new Variant("b", 50, null, null, null, null);
        }
        throw new IllegalArgumentException("no element of " + type);
    }
}
