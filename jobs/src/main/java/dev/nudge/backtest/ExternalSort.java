package dev.nudge.backtest;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.PriorityQueue;
import org.apache.flink.util.FileUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sorts more records than memory holds. Records are collected in a chunk bounded by {@link
 * SortLimits}; a full chunk is sorted and written to a run file, and at the end the runs are merged
 * with a priority queue over one buffered record per run (in passes of at most {@code mergeFanIn}
 * runs when there are more). Input that fits in one chunk never touches the disk.
 *
 * <p>The sort is stable: every record carries its position in the input, which breaks ties in
 * memory and in the merge alike, so equal records come out in the order they were added however the
 * input was cut into runs. Run files live in a directory of their own under the given parent and
 * are deleted as soon as they are merged, and all of them on {@link #close}.
 */
final class ExternalSort<T> implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalSort.class);

    /** What a chunk entry costs beyond its record: the entry object and the list slot. */
    private static final long ENTRY_OVERHEAD_BYTES = 40;

    private static final int BUFFER_BYTES = 1 << 16;

    /** How records are written to run files and read back. */
    interface Codec<T> {
        void write(DataOutput out, T record) throws IOException;

        T read(DataInput in) throws IOException;

        /** About the heap bytes the record occupies, to bound a chunk by size. */
        long heapBytes(T record);
    }

    /** Receives the records in order. */
    interface Sink<T> {
        void accept(T record) throws IOException;
    }

    /** Told when the sort starts merging runs from disk, for progress reports. */
    interface Listener {
        Listener NONE = runs -> {};

        void merging(int runs);
    }

    private record Entry<T>(long position, T record) {}

    private record Run(Path file, long entries) {}

    private final Comparator<Entry<T>> order;
    private final Codec<T> codec;
    private final SortLimits limits;
    private final Path tempParent;
    private final Listener listener;
    private final List<Entry<T>> chunk = new ArrayList<>();
    private final Deque<Run> runs = new ArrayDeque<>();
    private long chunkBytes;
    private long added;
    private int runsWritten;
    private Path runDirectory;
    private boolean finished;

    /**
     * @param order the order of records; ties keep the order of {@link #add}
     * @param tempParent where the directory of run files is created, if one is needed
     */
    ExternalSort(
            Comparator<? super T> order,
            Codec<T> codec,
            SortLimits limits,
            Path tempParent,
            Listener listener) {
        Comparator<Entry<T>> byRecord = (a, b) -> order.compare(a.record(), b.record());
        this.order = byRecord.thenComparingLong(Entry::position);
        this.codec = codec;
        this.limits = limits;
        this.tempParent = tempParent;
        this.listener = listener;
    }

    void add(T record) throws IOException {
        if (finished) {
            throw new IllegalStateException("the sort has finished");
        }
        chunk.add(new Entry<>(added++, record));
        chunkBytes += ENTRY_OVERHEAD_BYTES + codec.heapBytes(record);
        if (chunk.size() >= limits.chunkEvents() || chunkBytes >= limits.chunkBytes()) {
            writeRun();
        }
    }

    /** Passes every record added, in order, to {@code sink}; once. */
    void finish(Sink<? super T> sink) throws IOException {
        if (finished) {
            throw new IllegalStateException("the sort has finished");
        }
        finished = true;
        if (runs.isEmpty()) {
            chunk.sort(order);
            for (Entry<T> entry : chunk) {
                sink.accept(entry.record());
            }
            chunk.clear();
            return;
        }
        if (!chunk.isEmpty()) {
            writeRun();
        }
        listener.merging(runs.size());
        while (runs.size() > limits.mergeFanIn()) {
            List<Run> pass = new ArrayList<>();
            for (int i = 0; i < limits.mergeFanIn(); i++) {
                pass.add(runs.removeFirst());
            }
            Path file = nextRunFile();
            long entries;
            try (DataOutputStream out = output(file)) {
                entries = merge(pass, entry -> writeEntry(out, entry));
            }
            runs.addLast(new Run(file, entries));
        }
        List<Run> last = new ArrayList<>(runs);
        runs.clear();
        merge(last, entry -> sink.accept(entry.record()));
        LOG.info("merged {} records from {} runs", added, runsWritten);
    }

    /** How many run files the sort has written so far, merge passes included. */
    int runsWritten() {
        return runsWritten;
    }

    /** How many records are held in memory, waiting for their chunk to fill. */
    int bufferedRecords() {
        return chunk.size();
    }

    /** Deletes every run file that is left. */
    @Override
    public void close() throws IOException {
        chunk.clear();
        runs.clear();
        if (runDirectory != null) {
            FileUtils.deleteDirectory(runDirectory.toFile());
            runDirectory = null;
        }
    }

    private void writeRun() throws IOException {
        chunk.sort(order);
        Path file = nextRunFile();
        try (DataOutputStream out = output(file)) {
            for (Entry<T> entry : chunk) {
                writeEntry(out, entry);
            }
        }
        runs.addLast(new Run(file, chunk.size()));
        LOG.debug("wrote run {} of {} records", file.getFileName(), chunk.size());
        chunk.clear();
        chunkBytes = 0;
    }

    /** Merges {@code inputs} into {@code out} and deletes them; returns the records merged. */
    private long merge(List<Run> inputs, Sink<Entry<T>> out) throws IOException {
        PriorityQueue<RunReader> heads =
                new PriorityQueue<>(
                        inputs.size(), (a, b) -> order.compare(a.current(), b.current()));
        List<RunReader> readers = new ArrayList<>();
        long merged = 0;
        try {
            for (Run run : inputs) {
                RunReader reader = new RunReader(run);
                readers.add(reader);
                if (reader.advance()) {
                    heads.add(reader);
                }
            }
            while (!heads.isEmpty()) {
                RunReader next = heads.poll();
                out.accept(next.current());
                merged++;
                if (next.advance()) {
                    heads.add(next);
                }
            }
        } finally {
            for (RunReader reader : readers) {
                reader.close();
            }
        }
        for (Run run : inputs) {
            Files.delete(run.file());
        }
        return merged;
    }

    private void writeEntry(DataOutputStream out, Entry<T> entry) throws IOException {
        out.writeLong(entry.position());
        codec.write(out, entry.record());
    }

    private Path nextRunFile() throws IOException {
        if (runDirectory == null) {
            runDirectory = Files.createTempDirectory(tempParent, "nudge-sort-");
        }
        runsWritten++;
        return runDirectory.resolve(String.format("run-%06d.bin", runsWritten));
    }

    private static DataOutputStream output(Path file) throws IOException {
        return new DataOutputStream(
                new BufferedOutputStream(Files.newOutputStream(file), BUFFER_BYTES));
    }

    /** One run being merged: its current record and the rest still on disk. */
    private final class RunReader implements AutoCloseable {
        private final DataInputStream in;
        private long remaining;
        private Entry<T> current;

        RunReader(Run run) throws IOException {
            this.in =
                    new DataInputStream(
                            new BufferedInputStream(
                                    Files.newInputStream(run.file()), BUFFER_BYTES));
            this.remaining = run.entries();
        }

        boolean advance() throws IOException {
            if (remaining == 0) {
                current = null;
                return false;
            }
            remaining--;
            long position = in.readLong();
            current = new Entry<>(position, codec.read(in));
            return true;
        }

        Entry<T> current() {
            return current;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
