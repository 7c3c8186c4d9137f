package dev.nudge.config;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.parser.Parser;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;

/**
 * Checks the structure of a YAML document on the parser's events, before it becomes a tree, for
 * what the tree would hide or get wrong: anchors and aliases (the tree would keep an alias's name
 * as if it were the value), merge keys, explicit tags, a second document, nesting deeper than
 * {@link ConfigLimits#MAX_NESTING}, keys twice in a mapping and keys that are not plain. A syntax
 * error is told in words with its line and column, and the line and column of what it relates to
 * (the unclosed bracket or quote).
 *
 * <p>Tags: {@code !!str} on a scalar is accepted, since it only says what quotes say; every other
 * tag ({@code !!binary}, {@code !!int}, {@code !custom} …) is an error.
 */
final class YamlScan {
    private static final String STRING_TAG = "tag:yaml.org,2002:str";
    private static final String STANDARD_TAG_PREFIX = "tag:yaml.org,2002:";
    private static final String NO_ANCHORS =
            "the value written out in full: anchors (&), aliases (*) and merge keys (<<) are not"
                    + " supported";
    private static final Pattern GOT = Pattern.compile(".*but (?:got|found) (.*)$");
    private static final Pattern CANNOT_START =
            Pattern.compile("found character '(.*)' that cannot start any token.*", Pattern.DOTALL);

    private YamlScan() {}

    /** One mapping or list open around the current event. */
    private static final class Frame {
        final boolean mapping;
        final CollectionStartEvent start;
        boolean expectingKey = true;
        final Map<String, Integer> keyLines;

        Frame(CollectionStartEvent start) {
            this.mapping = start.is(Event.ID.MappingStart);
            this.start = start;
            this.keyLines = mapping ? new HashMap<>() : null;
        }
    }

    /**
     * Records every structural problem of {@code text} in {@code errors}.
     *
     * @return whether the first document can still be read as a tree (no syntax error, not nested
     *     too deep), if only to tell the version it declares
     */
    static boolean check(String text, List<ConfigError> errors) {
        Parser parser = new ParserImpl(new StreamReader(text), new LoaderOptions());
        Deque<Frame> open = new ArrayDeque<>();
        int documents = 0;
        try {
            while (true) {
                Event event = parser.getEvent();
                switch (event.getEventId()) {
                    case StreamEnd -> {
                        return true;
                    }
                    case DocumentStart -> {
                        if (++documents > 1) {
                            errors.add(
                                    new ConfigError(
                                            at(event.getStartMark()),
                                            "a second document",
                                            "one document per file: remove the --- line and what"
                                                    + " follows, or move it to a file of its"
                                                    + " own"));
                            return true;
                        }
                    }
                    case Alias -> {
                        inParent(open, event, errors);
                        errors.add(
                                new ConfigError(
                                        at(event.getStartMark()),
                                        "alias *" + ((AliasEvent) event).getAnchor(),
                                        NO_ANCHORS));
                    }
                    case Scalar -> {
                        inParent(open, event, errors);
                        anchor((NodeEvent) event, errors);
                        ScalarEvent scalar = (ScalarEvent) event;
                        String tag = scalar.getTag();
                        if (tag != null && !tag.equals(STRING_TAG)) {
                            errors.add(tagError(tag, event.getStartMark()));
                        }
                    }
                    case MappingStart, SequenceStart -> {
                        inParent(open, event, errors);
                        anchor((NodeEvent) event, errors);
                        String tag = ((CollectionStartEvent) event).getTag();
                        if (tag != null) {
                            errors.add(tagError(tag, event.getStartMark()));
                        }
                        open.push(new Frame((CollectionStartEvent) event));
                        if (open.size() > ConfigLimits.MAX_NESTING) {
                            errors.add(tooDeep(at(event.getStartMark())));
                            return false;
                        }
                    }
                    case MappingEnd, SequenceEnd -> open.pop();
                    default -> {}
                }
            }
        } catch (MarkedYAMLException e) {
            Frame innermost = open.peek();
            errors.add(
                    innermost != null
                                    && innermost.start.isFlow()
                                    && String.valueOf(e.getProblem()).contains("<stream end>")
                            ? notClosed(innermost, e.getProblemMark())
                            : explain(e));
            return false;
        } catch (YAMLException e) {
            errors.add(
                    new ConfigError(
                            ConfigError.DOCUMENT,
                            String.valueOf(e.getMessage()),
                            "well-formed YAML"));
            return false;
        }
    }

    /** The error of a bracket still open at the end of the document. */
    private static ConfigError notClosed(Frame frame, Mark end) {
        String opened = " at " + at(frame.start.getStartMark());
        return new ConfigError(
                end == null ? ConfigError.DOCUMENT : at(end),
                "the end of the document",
                frame.mapping
                        ? "} to close the mapping opened with {" + opened
                        : "] to close the list opened with [" + opened);
    }

    /** The error of a document nested deeper than allowed, at {@code where}. */
    static ConfigError tooDeep(String where) {
        return new ConfigError(
                where,
                "a value nested deeper than " + ConfigLimits.MAX_NESTING + " levels",
                "at most "
                        + ConfigLimits.MAX_NESTING
                        + " levels of lists and mappings (a patterns document needs 7)");
    }

    /** "line 4, column 1" for a mark. */
    static String at(Mark mark) {
        return "line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
    }

    /** Takes a node's place in the open mapping or list: as a key, checks it is a plain one. */
    private static void inParent(Deque<Frame> open, Event event, List<ConfigError> errors) {
        Frame parent = open.peek();
        if (parent == null || !parent.mapping) {
            return;
        }
        boolean key = parent.expectingKey;
        parent.expectingKey = !key;
        if (!key) {
            return;
        }
        String where = at(event.getStartMark());
        if (event instanceof CollectionStartEvent) {
            errors.add(
                    new ConfigError(
                            where,
                            event.is(Event.ID.MappingStart)
                                    ? "a mapping as a key"
                                    : "a list as a key",
                            "a plain key, such as version"));
        } else if (event instanceof ScalarEvent scalar) {
            if (scalar.isPlain() && scalar.getValue().equals("<<")) {
                errors.add(new ConfigError(where, "merge key <<", NO_ANCHORS));
                return;
            }
            Integer first =
                    parent.keyLines.putIfAbsent(
                            scalar.getValue(), event.getStartMark().getLine() + 1);
            if (first != null) {
                errors.add(
                        new ConfigError(
                                where,
                                "key \""
                                        + scalar.getValue()
                                        + "\" a second time (first at line "
                                        + first
                                        + ")",
                                "each key once in a mapping"));
            }
        }
    }

    private static void anchor(NodeEvent event, List<ConfigError> errors) {
        if (event.getAnchor() != null) {
            errors.add(
                    new ConfigError(
                            at(event.getStartMark()), "anchor &" + event.getAnchor(), NO_ANCHORS));
        }
    }

    private static ConfigError tagError(String tag, Mark mark) {
        String written =
                tag.startsWith(STANDARD_TAG_PREFIX)
                        ? "!!" + tag.substring(STANDARD_TAG_PREFIX.length())
                        : tag;
        return new ConfigError(
                at(mark),
                "tag " + written,
                "no tag: write the value plainly, in quotes for a string (only !!str is accepted)");
    }

    /** A syntax error in words, at its line and column. */
    static ConfigError explain(MarkedYAMLException e) {
        String problem = e.getProblem() == null ? "" : e.getProblem();
        String context = e.getContext() == null ? "" : e.getContext();
        Mark problemMark = e.getProblemMark();
        Mark contextMark = e.getContextMark();
        String where =
                problemMark != null
                        ? at(problemMark)
                        : contextMark != null ? at(contextMark) : ConfigError.DOCUMENT;
        String opened = contextMark == null ? "" : " at " + at(contextMark);
        Matcher cannotStart = CANNOT_START.matcher(problem);
        if (problem.contains("\\t(TAB)") || problem.contains("found character '\t'")) {
            return new ConfigError(
                    where, "a tab character", "spaces: a tab cannot indent YAML, use spaces");
        } else if (cannotStart.matches()) {
            return new ConfigError(
                    where,
                    "'" + cannotStart.group(1) + "', which cannot start a value",
                    "the value in quotes");
        } else if (context.startsWith("while parsing a flow mapping")) {
            return new ConfigError(
                    where,
                    got(problem),
                    "} to close the mapping opened with {"
                            + opened
                            + ", or a comma between its"
                            + " entries");
        } else if (context.startsWith("while parsing a flow sequence")) {
            return new ConfigError(
                    where,
                    got(problem),
                    "] to close the list opened with ["
                            + opened
                            + ", or a comma between its"
                            + " items");
        } else if (context.startsWith("while scanning a quoted scalar")
                && problem.contains("end of stream")) {
            return new ConfigError(
                    where,
                    "the end of the document",
                    "the closing quote of the string opened" + opened);
        } else if (context.startsWith("while scanning a quoted scalar")) {
            return new ConfigError(
                    where,
                    problem,
                    "a string closed on its line, with escapes such as \\n, \\\" or \\\\ in"
                            + " double quotes, or in single quotes");
        } else if (problem.startsWith("mapping values are not allowed here")) {
            return new ConfigError(
                    where,
                    "': ' where no key can start",
                    "quotes around a value that holds \": \", or the key on a line of its own,"
                            + " indented like the other keys of its mapping");
        } else if (problem.startsWith("sequence entries are not allowed here")) {
            return new ConfigError(
                    where,
                    "a list entry '- ' where no list can start",
                    "the list's entries on lines of their own, below its key");
        } else if (context.startsWith("while parsing a block mapping")) {
            return new ConfigError(
                    where,
                    "a line indented differently from the keys of its mapping",
                    "every key of a mapping at the same indentation as its first key" + opened);
        } else if (context.startsWith("while parsing a block collection")) {
            return new ConfigError(
                    where,
                    "a line indented differently from the entries of its list",
                    "every '- ' entry of a list at the same indentation as its first" + opened);
        } else if (context.startsWith("while scanning a simple key")) {
            return new ConfigError(
                    contextMark == null ? where : at(contextMark),
                    "a line without ':'",
                    "key: value, or a list entry '- value'");
        } else if (context.startsWith("while scanning an alias")
                || context.startsWith("while scanning an anchor")) {
            return new ConfigError(where, "an anchor or alias", NO_ANCHORS);
        } else if (context.startsWith("while scanning a tag")) {
            return new ConfigError(where, "a tag", "no tag: write the value plainly");
        } else if (problem.startsWith("expected '<document start>'")) {
            return new ConfigError(
                    where,
                    "more after the document's first value",
                    "one mapping of keys such as version and patterns");
        } else if (context.startsWith("while parsing a block node")
                || context.startsWith("while parsing a flow node")) {
            return new ConfigError(where, got(problem), "a value");
        }
        return new ConfigError(
                where,
                problem.isEmpty() ? "a syntax error" : problem,
                "well-formed YAML" + (context.isEmpty() ? "" : " (" + context + opened + ")"));
    }

    /** What the parser found instead of what it expected, in words. */
    private static String got(String problem) {
        Matcher matcher = GOT.matcher(problem);
        if (!matcher.matches()) {
            return problem;
        }
        String token = matcher.group(1).replace("'", "");
        return switch (token) {
            case "<stream end>" -> "the end of the document";
            case "<document start>" -> "a new document (---)";
            case "<block mapping start>", "<block end>", "<block sequence start>" ->
                    "a change of indentation";
            case "?" -> "a key";
            case ":" -> "':'";
            case "-" -> "a list entry '-'";
            default -> "'" + token + "'";
        };
    }
}
