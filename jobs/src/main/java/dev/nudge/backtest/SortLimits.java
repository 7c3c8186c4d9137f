package dev.nudge.backtest;

/**
 * How much of its input a backtest sorts in memory at a time. A chunk ends at {@code chunkEvents}
 * events or at about {@code chunkBytes} of heap, whichever comes first; each full chunk is sorted
 * and written to a run file on disk, and the runs are merged at most {@code mergeFanIn} at a time.
 * Memory is therefore bounded by one chunk plus one read buffer per merged run, whatever the size
 * of the input. The limits change how the sort works, never its result.
 */
public record SortLimits(int chunkEvents, long chunkBytes, int mergeFanIn) {
    public static final int DEFAULT_CHUNK_EVENTS = 1_000_000;
    public static final long DEFAULT_CHUNK_BYTES = 256L << 20;
    public static final int DEFAULT_MERGE_FAN_IN = 64;

    public SortLimits {
        if (chunkEvents < 1) {
            throw new IllegalArgumentException(
                    "chunkEvents must be at least 1, was " + chunkEvents);
        }
        if (chunkBytes < 1) {
            throw new IllegalArgumentException("chunkBytes must be at least 1, was " + chunkBytes);
        }
        if (mergeFanIn < 2) {
            throw new IllegalArgumentException("mergeFanIn must be at least 2, was " + mergeFanIn);
        }
    }

    /**
     * A million events or 256 MB per chunk, the latter capped at a quarter of the heap so that a
     * small {@code -Xmx} still leaves room for everything else.
     */
    public static SortLimits defaults() {
        long quarterOfHeap = Math.max(1, Runtime.getRuntime().maxMemory() / 4);
        return new SortLimits(
                DEFAULT_CHUNK_EVENTS,
                Math.min(DEFAULT_CHUNK_BYTES, quarterOfHeap),
                DEFAULT_MERGE_FAN_IN);
    }

    public SortLimits withChunkEvents(int events) {
        return new SortLimits(events, chunkBytes, mergeFanIn);
    }

    public SortLimits withChunkBytes(long bytes) {
        return new SortLimits(chunkEvents, bytes, mergeFanIn);
    }

    public SortLimits withMergeFanIn(int runs) {
        return new SortLimits(chunkEvents, chunkBytes, runs);
    }
}
