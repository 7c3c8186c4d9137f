package dev.nudge.backtest;

import dev.nudge.event.InvalidEventException;
import java.util.List;

/**
 * The benchmark's way to the backtest's package-private CSV reader: the cells of one line, as the
 * history formats read them.
 */
public final class CsvCells {
    private final CsvLine csv = new CsvLine();

    public List<String> of(byte[] line) throws InvalidEventException {
        return csv.cells(line);
    }
}
