package dev.nudge.backtest;

import dev.nudge.event.EventParser;

/** JSON lines, one {@code user-events} record per line (SPEC §3.1): the default format. */
final class JsonLinesHistory implements HistoryFormat {
    static final String NAME = "jsonl";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean hasHeader() {
        return false;
    }

    @Override
    public Rows open(String source, byte[] firstLine, EventParser validator) {
        return (line, lineNumber) -> TimedEvent.of(validator.parse(line), line);
    }
}
