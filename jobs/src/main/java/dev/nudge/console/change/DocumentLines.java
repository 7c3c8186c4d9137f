package dev.nudge.console.change;

import dev.nudge.config.ConfigError;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Where a field of a patterns document is written: the line and column of the node a field path
 * such as {@code patterns[cart-abandonment].params.window} or {@code flows[0].steps[1].wait} names,
 * so that the page can show an error at its line. The validator names places by field paths,
 * because that is what an operator reads in a terminal; an editor needs lines.
 *
 * <p>The text is composed with SnakeYAML into nodes, which keep their start marks; JSON documents
 * are YAML too. An item of a list is named by its position or by its {@code id} (or a step's {@code
 * name}), as the validator and {@code diff} name them. A field that is not written (a missing one)
 * is placed at the nearest written field above it; a path of the form {@code line N, column M},
 * which the validator gives syntax errors, is taken as it is. A text that does not compose (a
 * syntax error) places only such paths; an error about the document as a whole has no place.
 */
public final class DocumentLines {
    /** A place in the text; both 1-based. */
    public record Position(int line, int column) {}

    private static final Pattern AT = Pattern.compile("line (\\d+), column (\\d+)");
    private static final int MAX_NESTING = 64;

    private final Node root;

    private DocumentLines(Node root) {
        this.root = root;
    }

    /** The nodes of {@code text}; a text that does not compose has none. */
    public static DocumentLines of(String text) {
        return new DocumentLines(compose(text));
    }

    /** The first document of {@code text} as nodes, or {@code null} when it does not compose. */
    static Node compose(String text) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(50);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setAllowRecursiveKeys(false);
        try {
            Iterator<Node> documents =
                    new Yaml(options).composeAll(new StringReader(text)).iterator();
            return documents.hasNext() ? documents.next() : null;
        } catch (RuntimeException notComposed) {
            // A syntax error: the validator names its line itself.
            return null;
        }
    }

    /** Whether the text composed into nodes. */
    public boolean composed() {
        return root != null;
    }

    /**
     * Where {@code path} is written: the key of a field, the start of a list's item, or for a field
     * not written the nearest written one above it; empty for the document as a whole, or for a
     * text that does not compose.
     */
    public Optional<Position> positionOf(String path) {
        if (path == null || path.equals(ConfigError.DOCUMENT)) {
            return Optional.empty();
        }
        Matcher at = AT.matcher(path);
        if (at.matches()) {
            try {
                return Optional.of(
                        new Position(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2))));
            } catch (NumberFormatException huge) {
                return Optional.empty();
            }
        }
        List<String> steps = steps(path);
        if (root == null || steps.isEmpty()) {
            return Optional.empty();
        }
        Node node = root;
        Mark place = null;
        for (String step : steps) {
            Found found = step.startsWith("[") ? item(node, step) : field(node, step);
            if (found == null) {
                break;
            }
            node = found.value();
            place = found.mark();
        }
        if (place == null) {
            // Nothing of the path is written: the document's first line is the nearest parent.
            place = root.getStartMark();
        }
        return Optional.of(new Position(place.getLine() + 1, place.getColumn() + 1));
    }

    /** The node of a field or item, and where to show it. */
    private record Found(Node value, Mark mark) {}

    private static Found field(Node node, String key) {
        if (!(node instanceof MappingNode mapping)) {
            return null;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                return new Found(tuple.getValueNode(), tuple.getKeyNode().getStartMark());
            }
        }
        return null;
    }

    private static Found item(Node node, String step) {
        if (!(node instanceof SequenceNode list)) {
            return null;
        }
        String name = step.substring(1, step.length() - 1);
        List<Node> items = list.getValue();
        if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
            if (name.length() > 9) {
                return null;
            }
            int index = Integer.parseInt(name);
            return index < items.size()
                    ? new Found(items.get(index), items.get(index).getStartMark())
                    : null;
        }
        for (Node item : items) {
            if (named(item, "id", name) || named(item, "name", name)) {
                return new Found(item, item.getStartMark());
            }
        }
        return null;
    }

    private static boolean named(Node item, String key, String name) {
        Found found = field(item, key);
        return found != null
                && found.value() instanceof ScalarNode scalar
                && scalar.getValue().equals(name);
    }

    /**
     * The steps of a field path: keys, and items in brackets; {@code a.b[x].c} is {@code a}, {@code
     * b}, {@code [x]}, {@code c}. An id in brackets may hold dots.
     */
    static List<String> steps(String path) {
        List<String> steps = new ArrayList<>();
        StringBuilder key = new StringBuilder();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '[') {
                int end = path.indexOf(']', i);
                if (end < 0) {
                    return List.of();
                }
                flush(key, steps);
                steps.add(path.substring(i, end + 1));
                i = end + 1;
            } else if (c == '.') {
                flush(key, steps);
                i++;
            } else {
                key.append(c);
                i++;
            }
        }
        flush(key, steps);
        return steps;
    }

    private static void flush(StringBuilder key, List<String> steps) {
        if (!key.isEmpty()) {
            steps.add(key.toString());
            key.setLength(0);
        }
    }
}
