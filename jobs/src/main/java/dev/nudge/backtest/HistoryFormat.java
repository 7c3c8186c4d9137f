package dev.nudge.backtest;

import dev.nudge.event.EventParser;
import dev.nudge.event.InvalidEventException;
import dev.nudge.event.UserEvent;
import dev.nudge.wire.Json;
import java.util.List;

/**
 * A kind of history file that a backtest reads (SPEC §8, {@code backtest --format}): how its lines
 * become events. A line becomes a checked event in its JSON form, written once and read by the job
 * as it is, or an {@link InvalidEventException} with the same reasons as records from Kafka, so
 * that bad rows become dead letters in one way for every format.
 */
public interface HistoryFormat {
    /** The names accepted by {@link #named}, the default first. */
    List<String> NAMES =
            List.of(
                    JsonLinesHistory.NAME,
                    TaobaoHistory.NAME,
                    Rees46History.NAME,
                    InstacartHistory.NAME);

    /** The format called {@code name} on the command line, or {@code null}. */
    static HistoryFormat named(String name) {
        return switch (name) {
            case JsonLinesHistory.NAME -> new JsonLinesHistory();
            case TaobaoHistory.NAME -> new TaobaoHistory();
            case Rees46History.NAME -> new Rees46History();
            case InstacartHistory.NAME -> new InstacartHistory();
            default -> null;
        };
    }

    /** The name on the command line, e.g. {@code taobao}. */
    String name();

    /** Whether the first line of a file is a header rather than a row. */
    boolean hasHeader();

    /**
     * Starts reading one file from its first non-blank line: reads the header, or makes sure that
     * the line is not one.
     *
     * @param source the file's name, for messages
     * @param validator checks each event as the Kafka source checks its records
     * @throws HistoryFormatException when the file is not in this format; the message names the
     *     file, what was found and how to fix it
     */
    Rows open(String source, byte[] firstLine, EventParser validator) throws HistoryFormatException;

    /**
     * Checks an event built from a row exactly as a Kafka record is checked: through the parser, in
     * its {@code user-events} JSON form. The parser is the one place that knows the rules of SPEC
     * §3.1 (required fields, lengths, ranges), so a row cannot pass that a record would fail.
     */
    static TimedEvent checked(EventParser validator, UserEvent.Builder row)
            throws InvalidEventException {
        byte[] json = Json.event(row.build());
        return TimedEvent.of(validator.parse(json), json);
    }

    /** Turns the rows of one file into events. */
    interface Rows {
        /**
         * @param lineNumber the row's 1-based line in the file; an event id is derived from it when
         *     the row has none, so that every run gives the same ids
         */
        TimedEvent event(byte[] line, long lineNumber) throws InvalidEventException;
    }
}
