package dev.nudge.console;

/**
 * One part of the console: its endpoints, and whatever it runs in the background (a reader of a
 * topic, say), stopped when the console closes.
 */
public interface ConsolePart extends AutoCloseable {
    void register(ConsoleServer server);

    @Override
    default void close() {}
}
