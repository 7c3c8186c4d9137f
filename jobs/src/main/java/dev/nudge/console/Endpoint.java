package dev.nudge.console;

/**
 * One of the console's endpoints. It answers with a {@link ConsoleReply}; what is wrong with a
 * request is a {@link ConsoleReply#badRequest} in words, never an exception. An exception that
 * escapes anyway becomes a 500 without details in the page and a stack trace in the console's log.
 */
@FunctionalInterface
public interface Endpoint {
    ConsoleReply handle(ConsoleRequest request) throws Exception;
}
