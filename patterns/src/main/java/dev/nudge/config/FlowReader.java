package dev.nudge.config;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.config.FlowSpec.Step;
import dev.nudge.event.EventType;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads the {@code flows:} of a document (docs/operators.md, Flows), reporting every error with its
 * path, the value found and what is expected, as {@link PatternsConfigReader} does: ids shared with
 * another flow or a pattern, entry patterns that are not configured, a pattern entering flows in
 * different modes, steps that are not exactly one of send, wait and branch, keys on a step of a
 * kind they do not go with, step names that are unknown (with the closest known one), steps no
 * other step leads to, and cycles of steps without a wait (named). A {@code send} is read as a
 * pattern's action is, from its own declarations, and its goal is the flow's exit.
 */
final class FlowReader {
    private static final Settings DECLARED = PatternsYaml.DECLARED;

    /** What a segment in an exit or a condition may name, as in audiences. */
    private static final String A_TAG = "a segment, stage, RFM score or declared tag";

    /** The kinds of step; a step writes exactly one. */
    private static final List<String> KINDS = List.of("send", "wait", "branch");

    /** The event types an exit may name, in words, for the error of an undeclared tag. */
    private static final String EXIT_TYPES =
            FlowSpec.Exit.EVENT_TYPES.stream()
                    .sorted()
                    .map(Enum::name)
                    .collect(Collectors.joining(", "));

    private final List<String> patternIds;
    private final List<String> names;
    private final Set<String> tags;

    /** The first flow each entry pattern enters, with its mode: every other must agree. */
    private final Map<String, Entered> entered = new HashMap<>();

    private FlowReader(List<String> patternIds, List<String> names, Set<String> tags) {
        this.patternIds = patternIds;
        this.names = names;
        this.tags = tags;
    }

    /**
     * The flows of the document at {@code root}.
     *
     * @param patterns the document's patterns, which flows are entered from
     * @param names every tag a segment may name ({@link SegmentRules#names()})
     * @param tags the declared outside tags, which an exit event may name
     */
    static List<FlowSpec> flows(
            ConfigNode root, List<PatternSpec> patterns, List<String> names, Set<String> tags) {
        List<String> ids =
                patterns.stream().map(PatternSpec::id).filter(Objects::nonNull).distinct().toList();
        FlowReader reader = new FlowReader(ids, names, tags);
        Setting<?> list = PatternsYaml.FLOWS;
        List<FlowSpec> flows = new ArrayList<>();
        Set<String> flowIds = new HashSet<>();
        for (ConfigNode node :
                root.objects(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_FLOWS,
                        "flows")) {
            flows.add(reader.flow(node, flowIds));
        }
        return flows;
    }

    /**
     * The goal of a flow's sends: its exit event when a goal may name it (PURCHASE, ADD_TO_CART,
     * VIEW or a tag), a purchase otherwise.
     */
    static Goal goal(FlowSpec.Exit exit) {
        if (exit == null || exit.event() == null) {
            return Goal.PURCHASE;
        }
        EventType type = exit.type();
        return type == EventType.TAG || Goal.EVENT_TYPES.contains(type)
                ? new Goal(exit.event(), null)
                : Goal.PURCHASE;
    }

    private FlowSpec flow(ConfigNode node, Set<String> flowIds) {
        String id = node.get(PatternsYaml.FLOW_ID);
        String key = PatternsYaml.FLOW_ID.name();
        if (id != null && !flowIds.add(id)) {
            node.error(key, "\"" + id + "\"", "an id not used by another flow");
        } else if (id != null && patternIds.contains(id)) {
            node.error(
                    key,
                    "\"" + id + "\"",
                    "an id not used by a pattern: decisions and metrics name both by their ids");
        }
        boolean enabled = node.get(PatternsYaml.FLOW_ENABLED);
        FlowSpec.Entry entry = entry(node, id);
        Duration reentry = node.get(PatternsYaml.FLOW_REENTRY);
        FlowSpec.Exit exit = null;
        if (node.has("exit")) {
            exit =
                    exit(
                            block(node, "exit"),
                            PatternsYaml.FLOW_EXIT_EVENT,
                            PatternsYaml.FLOW_EXIT_SEGMENT);
        }
        exit = exit == null ? FlowSpec.Exit.PURCHASE : exit;
        Double holdoutPercent = node.get(PatternsYaml.FLOW_HOLDOUT_PERCENT);
        List<Step> steps = steps(node, goal(exit));
        return new FlowSpec(id, enabled, entry, reentry, exit, holdoutPercent, steps);
    }

    private FlowSpec.Entry entry(ConfigNode flow, String id) {
        if (!flow.has("entry")) {
            flow.error(
                    "entry",
                    null,
                    "an entry block with the patterns whose matches enter a user, e.g. {patterns:"
                            + " [cart-abandonment]}");
        }
        ConfigNode node = block(flow, "entry");
        Setting<List<String>> setting = PatternsYaml.FLOW_ENTRY_PATTERNS;
        String key = setting.name();
        List<String> patterns = node.isPresent() ? node.get(setting) : null;
        if (patterns == null) {
            // Missing or not a list of ids: the node said so.
            patterns = List.of();
        }
        if (isEmptyList(node.json(key))) {
            node.error(key, "[]", "at least one pattern id, e.g. [cart-abandonment]");
        } else if (new LinkedHashSet<>(patterns).size() != patterns.size()) {
            node.error(key, Written.of(patterns), "each pattern at most once");
        }
        for (int i = 0; i < patterns.size(); i++) {
            node.checkKnown(key + "[" + i + "]", patterns.get(i), patternIds, "a pattern's id");
        }
        FlowSpec.EntryMode mode = node.get(PatternsYaml.FLOW_ENTRY_MODE);
        String modeKey = PatternsYaml.FLOW_ENTRY_MODE.name();
        for (String pattern : new LinkedHashSet<>(patterns)) {
            if (!patternIds.contains(pattern)) {
                continue;
            }
            Entered first = entered.putIfAbsent(pattern, new Entered(id, mode));
            if (first != null && first.mode() != mode) {
                node.error(
                        modeKey,
                        mode.name() + (node.has(modeKey) ? "" : " (the default)"),
                        first.mode()
                                + ", as flow "
                                + first.flow()
                                + " has it for pattern "
                                + pattern
                                + ": a pattern enters all its flows in one mode");
            }
        }
        return new FlowSpec.Entry(patterns, mode);
    }

    /**
     * The exit written in {@code node}: an event, a segment or both; {@code null} when it writes
     * neither (an error) or is not an object.
     */
    private FlowSpec.Exit exit(
            ConfigNode node, Setting<String> eventSetting, Setting<String> segmentSetting) {
        if (!node.isPresent()) {
            return null;
        }
        String event = node.get(eventSetting);
        String segment = node.get(segmentSetting);
        if (!node.has(eventSetting.name()) && !node.has(segmentSetting.name())) {
            node.error(
                    node.keys().isEmpty() ? "{}" : "neither event nor segment",
                    "at least one of event, segment, e.g. {event: PURCHASE}");
            return null;
        }
        if (event == null && segment == null) {
            return null;
        }
        FlowSpec.Exit exit = new FlowSpec.Exit(event, segment);
        PatternsConfigReader.checkTag(node, eventSetting.name(), exit.tag(), tags, EXIT_TYPES);
        node.checkKnown(segmentSetting.name(), segment, names, A_TAG);
        return exit;
    }

    /**
     * The steps of {@code flow}. Once they are all read, with unique names and every step they go
     * to known, the flow's graph is checked: every step reached from the first, and a wait in every
     * cycle.
     */
    private List<Step> steps(ConfigNode flow, Goal goal) {
        Setting<?> list = PatternsYaml.FLOW_STEPS;
        JsonNode written = flow.json(list.name());
        if (!flow.has(list.name())) {
            list.missingIn(flow);
        } else if (isEmptyList(written)) {
            flow.error(
                    list.name(),
                    "[]",
                    "at least one step, e.g. [{name: push, send: {channels: [PUSH], template:"
                            + " cart-push}}]");
        }
        List<ConfigNode> nodes =
                flow.objects(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_FLOW_STEPS,
                        "steps");
        boolean whole = written != null && written.isArray() && written.size() == nodes.size();
        Map<String, ConfigNode> byName = new LinkedHashMap<>();
        List<Step> steps = new ArrayList<>();
        List<Reference> references = new ArrayList<>();
        for (ConfigNode node : nodes) {
            String name = node.get(PatternsYaml.STEP_NAME);
            if (name == null) {
                whole = false;
            } else if (byName.putIfAbsent(name, node) != null) {
                node.error(
                        PatternsYaml.STEP_NAME.name(),
                        "\"" + name + "\"",
                        "a name not used by another step of the flow");
                whole = false;
            }
            Step step = step(node, name, goal, references);
            if (step == null) {
                whole = false;
            } else {
                steps.add(step);
            }
        }
        List<String> known = List.copyOf(byName.keySet());
        for (Reference reference : references) {
            whole &=
                    reference
                            .node()
                            .checkKnown(
                                    reference.key(), reference.step(), known, "a step of the flow");
        }
        if (whole && !steps.isEmpty()) {
            checkReached(steps, byName);
            checkCycles(steps, byName);
        }
        return steps;
    }

    /** The step written in {@code node}; {@code null} when it is not one of a kind (an error). */
    private Step step(ConfigNode node, String name, Goal goal, List<Reference> references) {
        List<String> kinds = KINDS.stream().filter(node::has).toList();
        if (kinds.size() != 1) {
            node.error(
                    kinds.isEmpty() ? "none of send, wait, branch" : String.join(" and ", kinds),
                    "exactly one of send, wait, branch");
            return null;
        }
        return switch (kinds.get(0)) {
            case "send" -> send(node, name, goal, references);
            case "wait" -> wait(node, name, references);
            default -> branch(node, name, references);
        };
    }

    private FlowSpec.Send send(
            ConfigNode node, String name, Goal goal, List<Reference> references) {
        ActionSpec action =
                PatternsConfigReader.action(
                        block(node, "send"), PatternsYaml.FLOW_SEND, names, send -> goal);
        String next = reference(node, PatternsYaml.STEP_NEXT, references);
        notHere(node, PatternsYaml.BRANCH_OTHERWISE, "otherwise goes with a branch");
        notHere(node, PatternsYaml.STEP_ON_TIMEOUT, "onTimeout goes with a wait until an event");
        notHere(
                node,
                "exit",
                "a step's own exit goes with a wait; the flow's exit holds throughout");
        return new FlowSpec.Send(name, action, next);
    }

    private FlowSpec.Wait wait(ConfigNode node, String name, List<Reference> references) {
        ConfigNode wait = block(node, "wait");
        Duration time = wait.get(PatternsYaml.WAIT_FOR);
        EventType until = wait.get(PatternsYaml.WAIT_UNTIL);
        Duration timeout = wait.get(PatternsYaml.WAIT_TIMEOUT);
        boolean waitsFor = wait.has(PatternsYaml.WAIT_FOR.name());
        boolean waitsUntil = wait.has(PatternsYaml.WAIT_UNTIL.name());
        String timeoutKey = PatternsYaml.WAIT_TIMEOUT.name();
        if (wait.isPresent()) {
            if (waitsFor && waitsUntil) {
                wait.error(
                        "for and until",
                        "exactly one of for (a time to wait) and until (an event to wait for, with"
                                + " a timeout)");
            } else if (!waitsFor && !waitsUntil) {
                wait.error(
                        wait.keys().isEmpty() ? "{}" : "neither for nor until",
                        "exactly one of for and until, e.g. {for: 3d} or {until: MESSAGE_OPENED,"
                                + " timeout: 1d}");
            } else if (waitsUntil && !wait.has(timeoutKey)) {
                wait.error(timeoutKey, null, "how long to wait for the event, e.g. 1d (1m to 90d)");
            } else if (waitsFor) {
                notHere(wait, timeoutKey, "a timeout goes with until; for is the whole wait");
            }
        }
        String next = reference(node, PatternsYaml.STEP_NEXT, references);
        String onTimeout = null;
        if (waitsUntil) {
            onTimeout = reference(node, PatternsYaml.STEP_ON_TIMEOUT, references);
        } else {
            notHere(
                    node,
                    PatternsYaml.STEP_ON_TIMEOUT,
                    "onTimeout goes with a wait until an event; a wait for a time goes on to next");
        }
        notHere(node, PatternsYaml.BRANCH_OTHERWISE, "otherwise goes with a branch");
        FlowSpec.Exit exit = null;
        if (node.has("exit")) {
            exit =
                    exit(
                            block(node, "exit"),
                            PatternsYaml.STEP_EXIT_EVENT,
                            PatternsYaml.STEP_EXIT_SEGMENT);
        }
        return new FlowSpec.Wait(
                name, until != null ? timeout : time, until, exit, next, onTimeout);
    }

    /** A branch; {@code null} when a case could not be read as one that leads somewhere. */
    private FlowSpec.Branch branch(ConfigNode node, String name, List<Reference> references) {
        Setting<?> list = PatternsYaml.BRANCH;
        JsonNode written = node.json(list.name());
        if (isEmptyList(written)) {
            node.error(
                    list.name(),
                    "[]",
                    "at least one case, e.g. [{when: {event: MESSAGE_OPENED}, next: thanks}]");
        }
        List<ConfigNode> nodes =
                node.objects(
                        list.name(),
                        DECLARED.keysUnder(list.key() + "[]"),
                        ConfigLimits.MAX_LIST_ITEMS,
                        "cases");
        boolean whole = written.isArray() && written.size() == nodes.size();
        List<FlowSpec.Case> cases = new ArrayList<>();
        for (ConfigNode option : nodes) {
            FlowSpec.Condition when = condition(option);
            String next = reference(option, PatternsYaml.CASE_NEXT, references);
            whole &= next != null;
            cases.add(new FlowSpec.Case(when, next));
        }
        String otherwise = reference(node, PatternsYaml.BRANCH_OTHERWISE, references);
        notHere(
                node,
                PatternsYaml.STEP_NEXT,
                "a branch goes on to the next of the case that holds, or to otherwise");
        notHere(node, PatternsYaml.STEP_ON_TIMEOUT, "onTimeout goes with a wait until an event");
        notHere(
                node,
                "exit",
                "a step's own exit goes with a wait; the flow's exit holds throughout");
        return whole ? new FlowSpec.Branch(name, cases, otherwise) : null;
    }

    private FlowSpec.Condition condition(ConfigNode option) {
        if (!option.has("when")) {
            option.error(
                    "when",
                    null,
                    "a condition, e.g. {event: MESSAGE_OPENED} or {segment: high-value}");
            return null;
        }
        ConfigNode when = block(option, "when");
        if (!when.isPresent()) {
            return null;
        }
        EventType event = when.get(PatternsYaml.WHEN_EVENT);
        FlowSpec.Since since = when.get(PatternsYaml.WHEN_SINCE);
        String segment = when.get(PatternsYaml.WHEN_SEGMENT);
        boolean onEvent = when.has(PatternsYaml.WHEN_EVENT.name());
        boolean onSegment = when.has(PatternsYaml.WHEN_SEGMENT.name());
        if (onEvent && onSegment) {
            when.error("event and segment", "exactly one of event and segment: a case tests one");
        } else if (!onEvent && !onSegment) {
            when.error(
                    when.keys().isEmpty() ? "{}" : "neither event nor segment",
                    "exactly one of event and segment, e.g. {event: MESSAGE_OPENED} or {segment:"
                            + " high-value}");
        } else if (onSegment) {
            notHere(when, PatternsYaml.WHEN_SINCE.name(), "since goes with event");
        }
        when.checkKnown(PatternsYaml.WHEN_SEGMENT.name(), segment, names, A_TAG);
        return onEvent
                ? new FlowSpec.Condition(event, since, null)
                : new FlowSpec.Condition(null, null, segment);
    }

    /** The step named by {@code setting} in {@code node}, kept to be checked once all are read. */
    private static String reference(
            ConfigNode node, Setting<String> setting, List<Reference> references) {
        String step = node.get(setting);
        if (step != null) {
            references.add(new Reference(node, setting.name(), step));
        }
        return step;
    }

    /** Records that {@code setting} has no place where {@code node} writes it, and why. */
    private static void notHere(ConfigNode node, Setting<?> setting, String why) {
        notHere(node, setting.name(), why);
    }

    private static void notHere(ConfigNode node, String key, String why) {
        if (node.has(key)) {
            node.error(key, ConfigNode.show(node.json(key)), "nothing here: " + why);
        }
    }

    /** Every step must be reached from the first, or no user would ever be at it. */
    private static void checkReached(List<Step> steps, Map<String, ConfigNode> nodes) {
        Map<String, Step> byName = new HashMap<>();
        for (Step step : steps) {
            byName.put(step.name(), step);
        }
        String first = steps.get(0).name();
        Set<String> reached = new HashSet<>(Set.of(first));
        Deque<String> next = new ArrayDeque<>(reached);
        while (!next.isEmpty()) {
            for (String target : byName.get(next.poll()).targets()) {
                if (reached.add(target)) {
                    next.add(target);
                }
            }
        }
        for (Step step : steps) {
            if (!reached.contains(step.name())) {
                nodes.get(step.name())
                        .error(
                                "\"" + step.name() + "\"",
                                "a step reached from the first step ("
                                        + first
                                        + ") by next, onTimeout, otherwise or a case's next;"
                                        + " none leads here");
            }
        }
    }

    /**
     * A cycle of sends and branches would take a user round it at once, without end: each cycle
     * must hold a wait. Reports one cycle of each group of steps that lead to each other without a
     * wait, at its first step, naming it.
     */
    private static void checkCycles(List<Step> steps, Map<String, ConfigNode> nodes) {
        int n = steps.size();
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < n; i++) {
            index.put(steps.get(i).name(), i);
        }
        boolean[][] edge = new boolean[n][n];
        for (int i = 0; i < n; i++) {
            if (steps.get(i) instanceof FlowSpec.Wait) {
                continue;
            }
            for (String target : steps.get(i).targets()) {
                int j = index.get(target);
                edge[i][j] = !(steps.get(j) instanceof FlowSpec.Wait);
            }
        }
        boolean[][] reach = new boolean[n][];
        for (int i = 0; i < n; i++) {
            reach[i] = edge[i].clone();
        }
        for (int k = 0; k < n; k++) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; reach[i][k] && j < n; j++) {
                    reach[i][j] |= reach[k][j];
                }
            }
        }
        boolean[] reported = new boolean[n];
        for (int i = 0; i < n; i++) {
            if (!reach[i][i] || reported[i]) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                reported[j] |= reach[i][j] && reach[j][i];
            }
            List<String> cycle = new ArrayList<>();
            for (int step : shortestCycle(edge, i)) {
                cycle.add(steps.get(step).name());
            }
            nodes.get(steps.get(i).name())
                    .error(
                            "a cycle without a wait: " + String.join(" -> ", cycle),
                            "a wait in every cycle of steps: a send or a branch goes on at once,"
                                    + " so a user would go round it without end");
        }
    }

    /** The shortest way from {@code start} back to it, both ends included. */
    private static List<Integer> shortestCycle(boolean[][] edge, int start) {
        int n = edge.length;
        int[] previous = new int[n];
        Arrays.fill(previous, -1);
        Deque<Integer> next = new ArrayDeque<>(List.of(start));
        while (!next.isEmpty()) {
            int at = next.poll();
            for (int j = 0; j < n; j++) {
                if (!edge[at][j] || previous[j] >= 0) {
                    continue;
                }
                previous[j] = at;
                if (j == start) {
                    List<Integer> cycle = new ArrayList<>(List.of(start));
                    for (int step = previous[start]; step != start; step = previous[step]) {
                        cycle.add(step);
                    }
                    cycle.add(start);
                    Collections.reverse(cycle);
                    return cycle;
                }
                next.add(j);
            }
        }
        throw new IllegalStateException("no cycle through step " + start);
    }

    private static boolean isEmptyList(JsonNode value) {
        return value != null && value.isArray() && value.isEmpty();
    }

    private static ConfigNode block(ConfigNode parent, String key) {
        return PatternsConfigReader.block(parent, key);
    }

    /** A step's name written at {@code key} of {@code node}, to be checked against the flow's. */
    private record Reference(ConfigNode node, String key, String step) {}

    /** The flow a pattern first entered, and in which mode. */
    private record Entered(String flow, FlowSpec.EntryMode mode) {}
}
