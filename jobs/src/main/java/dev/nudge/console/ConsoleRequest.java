package dev.nudge.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A request as an endpoint sees it: already admitted by {@link Access}, its body read whole and
 * bounded by {@link ConsoleServer#MAX_BODY_BYTES}.
 *
 * @param path the path without the query, e.g. {@code /api/users/u42}
 * @param rest what follows the endpoint's prefix, for endpoints registered under one (the user id
 *     of {@code /api/users/u42}), URL-decoded; empty otherwise
 */
public record ConsoleRequest(
        String method, String path, String rest, Map<String, String> query, byte[] body) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public ConsoleRequest {
        query = Map.copyOf(query);
    }

    /** The query parameter {@code name}, if given. */
    public Optional<String> parameter(String name) {
        return Optional.ofNullable(query.get(name));
    }

    /** The body as JSON, or {@code null} when it is not a JSON value. */
    public JsonNode json() {
        try {
            return body.length == 0 ? null : JSON.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    /** The body's text, as UTF-8. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The parameters of a query string such as {@code a=1&b=x%20y}; the first of a repeated one.
     */
    static Map<String, String> parseQuery(String raw) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return parameters;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            if (name != null && value != null) {
                parameters.putIfAbsent(name, value);
            }
        }
        return parameters;
    }

    /**
     * A part of a path, URL-decoded: unlike in a query, {@code +} is itself there, not a space (a
     * user id {@code a+b} stays {@code a+b}); {@code null} for a malformed escape.
     */
    static String decodePath(String raw) {
        return decode(raw.replace("+", "%2B"));
    }

    /** URL-decoded, or {@code null} for a malformed escape. */
    static String decode(String raw) {
        try {
            return URLDecoder.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
