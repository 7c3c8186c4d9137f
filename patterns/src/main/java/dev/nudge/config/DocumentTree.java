package dev.nudge.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.MarkedYAMLException;

/**
 * A document's text as a tree: the JSON form when it starts with <code>{</code>, YAML otherwise.
 * YAML that may hold what the tree would hide, or that does not parse, is checked on its events
 * ({@link YamlScan}); every problem becomes a {@link ConfigError} with its line and column, never
 * an exception.
 */
final class DocumentTree {
    private static final StreamReadConstraints CONSTRAINTS =
            StreamReadConstraints.builder().maxNestingDepth(ConfigLimits.MAX_NESTING).build();
    private static final ObjectMapper YAML =
            new YAMLMapper(constrained(new YAMLFactory()))
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    private static final ObjectMapper JSON =
            new ObjectMapper(constrained(new JsonFactory()))
                    .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private static final Pattern CLOSE_MARKER =
            Pattern.compile(
                    ".*expected close marker for (OBJECT|ARRAY) \\(start marker at .*line: (\\d+),"
                            + " column: (\\d+)\\]\\).*",
                    Pattern.DOTALL | Pattern.CASE_INSENSITIVE);
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '(.*)'");
    private static final Pattern SOURCE = Pattern.compile(" *\\(?(at )?\\[Source: [^\\]]*\\]\\)?");
    private static final Pattern HINT = Pattern.compile(",? *(from|as per) `[^`]*`\\)?");

    private DocumentTree() {}

    /**
     * The factory with the nesting limit. Set on a factory made with its defaults: one made by
     * {@code YAMLFactory.builder()} reads an empty value as "" rather than null.
     */
    private static <F extends JsonFactory> F constrained(F factory) {
        factory.setStreamReadConstraints(CONSTRAINTS);
        return factory;
    }

    /**
     * The tree of {@code text}, or {@code null}; problems go to {@code errors}.
     *
     * @param evenIfFlawed whether to build the tree of a YAML document whose only problems are
     *     structural (an alias, a tag, a second document), as when looking for its version
     */
    static JsonNode parse(String text, List<ConfigError> errors, boolean evenIfFlawed) {
        if (text.stripLeading().startsWith("{")) {
            return json(text, errors);
        }
        if (!mayHideStructure(text)) {
            try {
                return YAML.readTree(text);
            } catch (JsonProcessingException e) {
                if (e.getCause() instanceof MarkedYAMLException syntax
                        && !String.valueOf(syntax.getProblem()).contains("<stream end>")) {
                    errors.add(YamlScan.explain(syntax));
                    return null;
                }
                // else the events tell what is wrong: which bracket is left open, or a key twice
            }
        }
        int before = errors.size();
        boolean readable = YamlScan.check(text, errors);
        if (!readable || (errors.size() > before && !evenIfFlawed)) {
            return null;
        }
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            errors.add(explain(e, "YAML"));
            return null;
        }
    }

    /**
     * Whether a YAML text may hold what its tree would hide or misread (an anchor, an alias, a tag,
     * an explicit key, a merge key, a second document): none of them can be written without one of
     * these characters. Most documents have none, and are parsed once instead of twice; the tree
     * reports nesting too deep and keys written twice itself.
     */
    private static boolean mayHideStructure(String text) {
        for (int i = 0; i < text.length(); i++) {
            switch (text.charAt(i)) {
                case '&', '*', '!', '?' -> {
                    return true;
                }
                case '<', '-' -> {
                    if (text.startsWith("<<", i) || text.startsWith("---", i)) {
                        return true;
                    }
                }
                default -> {}
            }
        }
        return false;
    }

    private static JsonNode json(String text, List<ConfigError> errors) {
        try (JsonParser parser = JSON.createParser(text)) {
            JsonNode tree = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                errors.add(
                        new ConfigError(
                                at(parser.currentTokenLocation()),
                                "more after the end of the document's object",
                                "one document per file"));
                return null;
            }
            return tree;
        } catch (JsonProcessingException e) {
            errors.add(explain(e, "JSON"));
            return null;
        } catch (IOException e) {
            errors.add(new ConfigError(ConfigError.DOCUMENT, e.toString(), "well-formed JSON"));
            return null;
        }
    }

    private static ConfigError explain(JsonProcessingException e, String format) {
        String where = e.getLocation() == null ? ConfigError.DOCUMENT : at(e.getLocation());
        String message = String.valueOf(e.getOriginalMessage());
        if (e instanceof StreamConstraintsException && message.contains("nesting depth")) {
            return YamlScan.tooDeep(where);
        }
        Matcher close = CLOSE_MARKER.matcher(message);
        if (close.matches()) {
            boolean object = close.group(1).equalsIgnoreCase("OBJECT");
            return new ConfigError(
                    where,
                    "the end of the document",
                    (object
                                    ? "} to close the object opened with {"
                                    : "] to close the list opened with [")
                            + " at line "
                            + close.group(2)
                            + ", column "
                            + close.group(3));
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.matches()) {
            return new ConfigError(
                    where,
                    "key \"" + duplicate.group(1) + "\" a second time",
                    "each key once in an object");
        }
        String first = message.lines().findFirst().orElse("");
        first = HINT.matcher(SOURCE.matcher(first).replaceAll("")).replaceAll("");
        int expecting = first.indexOf(": was expecting ");
        if (expecting > 0) {
            return new ConfigError(
                    where,
                    first.substring(0, expecting),
                    first.substring(expecting + ": was expecting ".length()));
        }
        return new ConfigError(where, first, "well-formed " + format);
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return ConfigError.DOCUMENT;
        }
        return "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
