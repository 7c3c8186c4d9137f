package dev.nudge.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What changed between two pattern configurations, and which of the changes the running job can
 * apply live (SPEC §6). The line runs where the job keeps state. What it reads on every decision —
 * the policy, the offers, the segment thresholds and custom segments, the declared outside tags,
 * and a pattern's {@code enabled}, audience, schedule, {@code holdoutPercent} and action with its
 * variants and their weights (a user's variant is a hash, never kept) — can change under it. What
 * it builds when it starts cannot: the patterns' detectors, whose per-user episodes follow their
 * {@code type} and {@code params}; a Flink CEP operator per enabled SEQUENCE pattern; and the
 * profile's clock and formulas ({@code timezone}, {@code lifecycle}, {@code rfm}, {@code profile}),
 * whose results are already in every user's state. Each setting says which it is where it is
 * declared, in {@link PatternsYaml}; a setting is live only when declared so, and a test holds
 * every value of the configuration to a declaration.
 *
 * <p>A change is reported for each changed setting under the key the document writes ({@code
 * policy.quietHours.start} rather than the whole policy); lists and maps are compared as wholes.
 * Flows are compared by id, and a flow's steps by name ({@code flows[cart-rescue].steps[email]});
 * every change of a flow is live. Changes come in document order, the patterns and the flows in the
 * new document's order and removed ones last, so that two runs over the same documents read the
 * same.
 */
public final class ConfigDiff {
    private ConfigDiff() {}

    /**
     * The changes from {@code before} to {@code after} for a job started with {@code before}: its
     * running patterns are those {@code before} enables.
     */
    public static List<ConfigChange> between(PatternsConfig before, PatternsConfig after) {
        return between(before, after, enabledPatterns(before));
    }

    /**
     * The changes from {@code before}, the configuration the job applies now, to {@code after}.
     *
     * @param running the ids of the patterns the job built a detector or a CEP operator for when it
     *     started (those enabled then); one disabled live since can be enabled again live
     */
    public static List<ConfigChange> between(
            PatternsConfig before, PatternsConfig after, Set<String> running) {
        List<ConfigChange> changes = new ArrayList<>();
        for (Setting<?> setting : PatternsYaml.DECLARED.all()) {
            if (setting == PatternsYaml.CUSTOM_SEGMENTS || setting == PatternsYaml.TAGS) {
                byName(setting, before, after, changes);
            } else if (setting == PatternsYaml.FLOWS) {
                flows(before, after, changes);
            } else if (setting.isIn(PatternsConfig.class)) {
                compare(setting.key(), setting, before, after, setting.isLive(), changes);
            } else if (setting == PatternsYaml.PATTERNS) {
                patterns(before, after, running, changes);
            }
        }
        return changes;
    }

    /** The ids of the patterns {@code config} enables: a job started with it runs them. */
    public static Set<String> enabledPatterns(PatternsConfig config) {
        return config.patterns().stream()
                .filter(PatternSpec::enabled)
                .map(PatternSpec::id)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** Whether publishing the new document applies all of {@code changes} without a restart. */
    public static boolean allLive(List<ConfigChange> changes) {
        return changes.stream().allMatch(ConfigChange::live);
    }

    /** The changes that apply live, in their order. */
    public static List<ConfigChange> live(List<ConfigChange> changes) {
        return changes.stream().filter(ConfigChange::live).toList();
    }

    /** The changes that need a stop with savepoint and a start from it, in their order. */
    public static List<ConfigChange> restartNeeded(List<ConfigChange> changes) {
        return changes.stream().filter(change -> !change.live()).toList();
    }

    private static void patterns(
            PatternsConfig before,
            PatternsConfig after,
            Set<String> running,
            List<ConfigChange> changes) {
        for (PatternSpec pattern : after.patterns()) {
            PatternSpec old = before.pattern(pattern.id());
            if (old == null) {
                changes.add(
                        new ConfigChange(
                                path(pattern), ConfigChange.NONE, pattern.type().name(), false));
            } else {
                pattern(old, pattern, running, changes);
            }
        }
        for (PatternSpec pattern : before.patterns()) {
            if (after.pattern(pattern.id()) == null) {
                changes.add(
                        new ConfigChange(
                                path(pattern), pattern.type().name(), ConfigChange.NONE, false));
            }
        }
    }

    private static void pattern(
            PatternSpec before,
            PatternSpec after,
            Set<String> running,
            List<ConfigChange> changes) {
        for (Setting<?> setting : PatternsYaml.DECLARED.all()) {
            if (!setting.isIn(PatternSpec.class)) {
                continue;
            }
            if (setting == PatternsYaml.PARAMS_OF_TYPE
                    && before.params().getClass() == after.params().getClass()) {
                // Of one type, each param by itself; of two, the params as a whole.
                for (Setting<?> param : after.type().params().all()) {
                    compare(
                            key(after, param),
                            param,
                            before.params(),
                            after.params(),
                            param.isLive(),
                            changes);
                }
            } else {
                boolean live =
                        setting == PatternsYaml.ENABLED
                                ? enabledIsLive(after, running)
                                : setting.isLive();
                compare(key(after, setting), setting, before, after, live, changes);
            }
        }
    }

    /**
     * Disabling a pattern is live. Enabling one is live only if the job runs it: a job builds the
     * detectors and the CEP operators of the patterns enabled when it starts, and keeps running a
     * pattern disabled live (its matches are decided {@code DISABLED}), so that it can be switched
     * on again at once; a pattern off since the start has neither.
     */
    private static boolean enabledIsLive(PatternSpec pattern, Set<String> running) {
        return !pattern.enabled() || running.contains(pattern.id());
    }

    /**
     * The changes of the flows, by id: a flow added or removed in one line, a changed one in a line
     * for each part that changed. Every change of a flow is live: the job reads the flows on every
     * event and step of a user in one, and keeps per user only where they are.
     */
    private static void flows(
            PatternsConfig before, PatternsConfig after, List<ConfigChange> changes) {
        boolean live = PatternsYaml.FLOWS.isLive();
        for (FlowSpec flow : after.flows()) {
            FlowSpec old = before.flow(flow.id());
            if (old == null) {
                changes.add(new ConfigChange(path(flow), ConfigChange.NONE, summary(flow), live));
            } else {
                flow(old, flow, changes);
            }
        }
        for (FlowSpec flow : before.flows()) {
            if (after.flow(flow.id()) == null) {
                changes.add(new ConfigChange(path(flow), summary(flow), ConfigChange.NONE, live));
            }
        }
    }

    private static void flow(FlowSpec before, FlowSpec after, List<ConfigChange> changes) {
        for (Setting<?> setting : PatternsYaml.DECLARED.all()) {
            if (setting == PatternsYaml.FLOW_STEPS) {
                steps(before, after, changes);
            } else if (setting.isIn(FlowSpec.class)) {
                compare(key(after, setting), setting, before, after, setting.isLive(), changes);
            }
        }
    }

    /**
     * The changes of a flow's steps, by name: one per step added, changed or removed, {@code
     * flows[id].steps[name]}, after a change of the order of the steps both have, if any (a user
     * enters at the first).
     */
    private static void steps(FlowSpec before, FlowSpec after, List<ConfigChange> changes) {
        String key = key(after, PatternsYaml.FLOW_STEPS);
        boolean live = PatternsYaml.FLOW_STEPS.isLive();
        List<String> was = before.steps().stream().map(FlowSpec.Step::name).toList();
        List<String> is = after.steps().stream().map(FlowSpec.Step::name).toList();
        List<String> kept = was.stream().filter(is::contains).toList();
        if (!kept.equals(is.stream().filter(was::contains).toList())) {
            changes.add(new ConfigChange(key, Written.of(was), Written.of(is), live));
        }
        Set<String> names = new LinkedHashSet<>(is);
        names.addAll(was);
        for (String name : names) {
            FlowSpec.Step old = before.step(name);
            FlowSpec.Step now = after.step(name);
            if (!Objects.equals(old, now)) {
                changes.add(
                        new ConfigChange(
                                key + "[" + name + "]", Written.of(old), Written.of(now), live));
            }
        }
    }

    /** A flow in a few words, for a line that adds or removes it. */
    private static String summary(FlowSpec flow) {
        int steps = flow.steps().size();
        return (steps == 1 ? "1 step" : steps + " steps")
                + " from "
                + String.join(", ", flow.entry().patterns());
    }

    /**
     * The changes of a map of named entries ({@code segments.<name>}, {@code tags}), one per name
     * added, changed or removed, each under its own key: {@code segments.vip-south}.
     */
    private static void byName(
            Setting<?> setting,
            PatternsConfig before,
            PatternsConfig after,
            List<ConfigChange> changes) {
        Map<?, ?> was = (Map<?, ?>) setting.valueIn(before);
        Map<?, ?> is = (Map<?, ?>) setting.valueIn(after);
        String prefix = setting.parent().isEmpty() ? setting.key() : setting.parent();
        Set<Object> names = new LinkedHashSet<>(is.keySet());
        names.addAll(was.keySet());
        for (Object name : names) {
            Object old = was.get(name);
            Object now = is.get(name);
            if (!Objects.equals(old, now)) {
                changes.add(
                        new ConfigChange(
                                prefix + "." + name,
                                Written.of(old),
                                Written.of(now),
                                setting.isLive()));
            }
        }
    }

    /** Adds the change of {@code setting} from the record {@code before} to {@code after}. */
    private static void compare(
            String key,
            Setting<?> setting,
            Object before,
            Object after,
            boolean live,
            List<ConfigChange> changes) {
        Object was = setting.valueIn(before);
        Object is = setting.valueIn(after);
        if (!Objects.deepEquals(was, is)) {
            changes.add(new ConfigChange(key, written(setting, was), written(setting, is), live));
        }
    }

    /** A value of {@code setting} as the document writes it. */
    @SuppressWarnings("unchecked")
    private static String written(Setting<?> setting, Object value) {
        return ((SettingType<Object>) setting.type()).written(value);
    }

    /** The key of a pattern's setting, with the pattern's id: {@code patterns[id].action.ttl}. */
    private static String key(PatternSpec pattern, Setting<?> setting) {
        String list = PatternsYaml.PATTERNS.key() + "[]";
        return path(pattern) + setting.key().substring(list.length());
    }

    private static String path(PatternSpec pattern) {
        return "patterns[" + pattern.id() + "]";
    }

    /** The key of a flow's setting, with the flow's id: {@code flows[id].reentry}. */
    private static String key(FlowSpec flow, Setting<?> setting) {
        String list = PatternsYaml.FLOWS.key() + "[]";
        return path(flow) + setting.key().substring(list.length());
    }

    private static String path(FlowSpec flow) {
        return "flows[" + flow.id() + "]";
    }
}
