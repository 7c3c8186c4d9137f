package dev.nudge.console.change;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * The kill switch as an edit of the document in force: one pattern's {@code enabled} set, and the
 * {@code version} made newer, in the text itself, so that what is published is the operators' own
 * document with its comments, order and layout, and differs from it in those two values only.
 *
 * <p>The value on the pattern's {@code enabled:} line is replaced; a pattern that does not write
 * {@code enabled} gets it on a line of its own after its {@code id:} line, indented like it (or
 * after its id, in a mapping written in braces, and in JSON).
 */
public final class KillSwitch {
    private KillSwitch() {}

    /** Why the text cannot be switched: no such pattern, or a document without a version. */
    public static final class NotSwitchable extends Exception {
        private static final long serialVersionUID = 1L;

        NotSwitchable(String message) {
            super(message);
        }
    }

    private record Edit(int start, int end, String text) {}

    /**
     * {@code text} with the pattern {@code patternId} switched to {@code enabled} and its version
     * replaced by {@code version}.
     *
     * @throws NotSwitchable when the text does not compose, declares no version, or has no pattern
     *     of that id
     */
    public static String switched(String text, String patternId, boolean enabled, String version)
            throws NotSwitchable {
        Node root = DocumentLines.compose(text);
        if (!(root instanceof MappingNode document)) {
            throw new NotSwitchable("the document in force is not a mapping of keys");
        }
        boolean json = text.stripLeading().startsWith("{");
        List<Edit> edits = new ArrayList<>();
        NodeTuple declared = tuple(document, "version");
        if (declared == null || !(declared.getValueNode() instanceof ScalarNode old)) {
            throw new NotSwitchable("the document in force declares no version");
        }
        edits.add(replace(text, old, quoted(version, old.getScalarStyle())));
        MappingNode pattern = pattern(document, patternId);
        if (pattern == null) {
            throw new NotSwitchable("the document in force has no pattern \"" + patternId + "\"");
        }
        NodeTuple enabledTuple = tuple(pattern, "enabled");
        if (enabledTuple != null) {
            edits.add(replace(text, enabledTuple.getValueNode(), String.valueOf(enabled)));
        } else {
            edits.add(insertAfterId(text, pattern, enabled, json));
        }
        edits.sort(Comparator.comparingInt(Edit::start).reversed());
        StringBuilder result = new StringBuilder(text);
        for (Edit edit : edits) {
            result.replace(edit.start(), edit.end(), edit.text());
        }
        return result.toString();
    }

    private static Edit insertAfterId(
            String text, MappingNode pattern, boolean enabled, boolean json) {
        NodeTuple id = tuple(pattern, "id");
        String key = json ? "\"enabled\"" : "enabled";
        if (pattern.getFlowStyle() == DumperOptions.FlowStyle.FLOW) {
            int after = offset(text, id.getValueNode().getEndMark().getIndex());
            return new Edit(after, after, ", " + key + ": " + enabled);
        }
        int after = offset(text, id.getValueNode().getEndMark().getIndex());
        int lineEnd = after;
        while (lineEnd < text.length()
                && text.charAt(lineEnd) != '\n'
                && text.charAt(lineEnd) != '\r') {
            lineEnd++;
        }
        String newline = text.contains("\r\n") ? "\r\n" : "\n";
        String indent = " ".repeat(id.getKeyNode().getStartMark().getColumn());
        return new Edit(lineEnd, lineEnd, newline + indent + key + ": " + enabled);
    }

    private static Edit replace(String text, Node node, String replacement) {
        return new Edit(
                offset(text, node.getStartMark().getIndex()),
                offset(text, node.getEndMark().getIndex()),
                replacement);
    }

    /** The char offset of a mark's index, which counts code points. */
    private static int offset(String text, int codePoints) {
        return text.offsetByCodePoints(
                0, Math.min(codePoints, text.codePointCount(0, text.length())));
    }

    /** A version written in the quotes the old one had, in double quotes if it had none. */
    private static String quoted(String version, DumperOptions.ScalarStyle style) {
        if (style == DumperOptions.ScalarStyle.SINGLE_QUOTED) {
            return "'" + version.replace("'", "''") + "'";
        }
        return "\"" + version.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static MappingNode pattern(MappingNode document, String patternId) {
        NodeTuple patterns = tuple(document, "patterns");
        if (patterns == null || !(patterns.getValueNode() instanceof SequenceNode list)) {
            return null;
        }
        for (Node item : list.getValue()) {
            if (item instanceof MappingNode pattern
                    && tuple(pattern, "id") != null
                    && tuple(pattern, "id").getValueNode() instanceof ScalarNode id
                    && id.getValue().equals(patternId)) {
                return pattern;
            }
        }
        return null;
    }

    private static NodeTuple tuple(MappingNode mapping, String key) {
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                return tuple;
            }
        }
        return null;
    }
}
