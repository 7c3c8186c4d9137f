package dev.nudge.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an endpoint answers: a status, a content type, the body, and headers of its own (a page that
 * must be framed differently, say). JSON answers are built from records or trees with one shared
 * mapper; an error is {@code {"error": "..."}} with a sentence an operator can act on.
 */
public record ConsoleReply(
        int status, String contentType, byte[] body, Map<String, String> headers) {
    static final ObjectMapper JSON =
            new ObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public static final String JSON_TYPE = "application/json; charset=utf-8";

    public ConsoleReply {
        headers = Map.copyOf(headers);
    }

    /** 200 with {@code value} as JSON: a record, a map, a list or a tree. */
    public static ConsoleReply json(Object value) {
        return json(200, value);
    }

    public static ConsoleReply json(int status, Object value) {
        try {
            return new ConsoleReply(status, JSON_TYPE, JSON.writeValueAsBytes(value), Map.of());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** 400: what is wrong with the request, in words. */
    public static ConsoleReply badRequest(String why) {
        return error(400, why);
    }

    /** 404: there is no such thing, in words. */
    public static ConsoleReply notFound(String why) {
        return error(404, why);
    }

    /** 409: the request cannot be taken now (a backtest already running, say). */
    public static ConsoleReply conflict(String why) {
        return error(409, why);
    }

    public static ConsoleReply error(int status, String why) {
        ObjectNode error = JSON.createObjectNode().put("error", why);
        return json(status, error);
    }

    /** 200 with an HTML page. */
    public static ConsoleReply html(String page) {
        return new ConsoleReply(
                200, "text/html; charset=utf-8", page.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** This reply with one more header. */
    public ConsoleReply withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ConsoleReply(status, contentType, body, more);
    }
}
