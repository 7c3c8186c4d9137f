package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ExternalSort}. */
class ExternalSortTest {
    private static final long NOON = 1_511_611_200_000L; // 2017-11-25T12:00:00Z
    private static final long MINUTE = 60_000L;

    /** A shopper's event as far as sorting is concerned: its time and its id. */
    record Happening(long ts, String id) {}

    private static final ExternalSort.Codec<Happening> CODEC =
            new ExternalSort.Codec<>() {
                @Override
                public void write(DataOutput out, Happening h) throws IOException {
                    out.writeLong(h.ts());
                    out.writeUTF(h.id());
                }

                @Override
                public Happening read(DataInput in) throws IOException {
                    return new Happening(in.readLong(), in.readUTF());
                }

                @Override
                public long heapBytes(Happening h) {
                    return 40 + 2L * h.id().length();
                }
            };

    private static final SortLimits THREE_PER_CHUNK =
            SortLimits.defaults().withChunkEvents(3).withChunkBytes(Long.MAX_VALUE);

    @TempDir Path temp;

    @Test
    void sortsByTimeAcrossSeveralRunsWrittenToDisk() throws Exception {
        List<Happening> day = minutes(20);
        List<Happening> shuffled = shuffled(day, 1);

        Sorted sorted = sort(shuffled, THREE_PER_CHUNK);

        assertThat(sorted.output).containsExactlyElementsOf(day);
        assertThat(sorted.runs).as("20 events, 3 per chunk").isEqualTo(7);
        assertThat(sorted.merges).containsExactly(7);
    }

    @Test
    void keepsTheInputOrderOfEqualTimesWithinAndAcrossRuns() throws Exception {
        List<Happening> input = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            input.add(new Happening(NOON + MINUTE, "late-" + i));
            input.add(new Happening(NOON, "early-" + i));
        }

        Sorted sorted = sort(input, THREE_PER_CHUNK);

        assertThat(sorted.output)
                .extracting(Happening::id)
                .containsExactly(
                        "early-0", "early-1", "early-2", "early-3", "early-4", "early-5", "early-6",
                        "early-7", "early-8", "early-9", "late-0", "late-1", "late-2", "late-3",
                        "late-4", "late-5", "late-6", "late-7", "late-8", "late-9");
        assertThat(sorted.runs).isGreaterThan(1);
    }

    @Test
    void givesTheSameOutputForAShuffledInputAsForASortedOne() throws Exception {
        List<Happening> day = new ArrayList<>(minutes(50));
        day.add(10, new Happening(day.get(10).ts(), "same-minute-as-10"));

        Sorted fromSorted = sort(day, THREE_PER_CHUNK);
        Sorted fromShuffled = sort(shuffledKeepingTies(day, 7), THREE_PER_CHUNK);
        Sorted inMemory = sort(shuffledKeepingTies(day, 8), SortLimits.defaults());

        assertThat(fromShuffled.output).containsExactlyElementsOf(fromSorted.output);
        assertThat(inMemory.output).containsExactlyElementsOf(fromSorted.output);
        assertThat(fromSorted.output).containsExactlyElementsOf(day);
    }

    @Test
    void mergesInSeveralPassesWhenThereAreMoreRunsThanTheFanIn() throws Exception {
        List<Happening> day = minutes(40);

        Sorted sorted = sort(shuffled(day, 3), THREE_PER_CHUNK.withMergeFanIn(2));

        assertThat(sorted.output).containsExactlyElementsOf(day);
        assertThat(sorted.runs)
                .as("14 runs of the input, then 12 merged runs in passes of two")
                .isEqualTo(14 + 12);
    }

    @Test
    void holdsNoMoreThanOneChunkInMemory() throws Exception {
        try (ExternalSort<Happening> sort = newSort(THREE_PER_CHUNK, ExternalSort.Listener.NONE)) {
            int added = 0;
            for (Happening h : shuffled(minutes(30), 4)) {
                sort.add(h);
                added++;
                assertThat(sort.bufferedRecords()).isLessThan(3);
                assertThat(sort.runsWritten()).isEqualTo(added / 3);
            }
        }
    }

    @Test
    void alsoEndsAChunkAtItsSizeInBytes() throws Exception {
        SortLimits aHundredAndFiftyBytes =
                SortLimits.defaults().withChunkEvents(1_000).withChunkBytes(150);

        Sorted sorted = sort(shuffled(minutes(10), 5), aHundredAndFiftyBytes);

        assertThat(sorted.output).containsExactlyElementsOf(minutes(10));
        assertThat(sorted.runs).as("two events of 88 bytes each fill a chunk").isEqualTo(5);
    }

    @Test
    void sortsAnInputThatFitsInOneChunkWithoutTouchingTheDisk() throws Exception {
        Sorted sorted = sort(shuffled(minutes(10), 6), SortLimits.defaults());

        assertThat(sorted.output).containsExactlyElementsOf(minutes(10));
        assertThat(sorted.runs).isZero();
        assertThat(sorted.merges).isEmpty();
    }

    @Test
    void deletesItsRunFilesAlsoWhenTheReceiverFails() throws Exception {
        try (ExternalSort<Happening> sort = newSort(THREE_PER_CHUNK, ExternalSort.Listener.NONE)) {
            for (Happening h : minutes(10)) {
                sort.add(h);
            }
            assertThat(filesUnder(temp)).isNotEmpty();
            assertThatThrownBy(
                            () ->
                                    sort.finish(
                                            h -> {
                                                throw new IOException("disk full");
                                            }))
                    .hasMessage("disk full");
        }
        assertThat(filesUnder(temp)).isEmpty();
    }

    @Test
    void isUsedOnce() throws Exception {
        try (ExternalSort<Happening> sort = newSort(THREE_PER_CHUNK, ExternalSort.Listener.NONE)) {
            sort.finish(h -> {});
            assertThatThrownBy(() -> sort.add(new Happening(NOON, "too-late")))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    /** What a sort produced and how. */
    private record Sorted(List<Happening> output, int runs, List<Integer> merges) {}

    private Sorted sort(List<Happening> input, SortLimits limits) throws IOException {
        List<Integer> merges = new ArrayList<>();
        ExternalSort.Listener listener = merges::add;
        List<Happening> output = new ArrayList<>();
        int runs;
        try (ExternalSort<Happening> sort = newSort(limits, listener)) {
            for (Happening h : input) {
                sort.add(h);
            }
            sort.finish(output::add);
            runs = sort.runsWritten();
            assertThat(filesUnder(temp)).as("run files left after the merge").isEmpty();
        }
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("the run directory after close").isEmpty();
        }
        return new Sorted(output, runs, merges);
    }

    private ExternalSort<Happening> newSort(SortLimits limits, ExternalSort.Listener listener) {
        return new ExternalSort<>(
                Comparator.comparingLong(Happening::ts), CODEC, limits, temp, listener);
    }

    /** One event a minute from noon, ids in time order. */
    private static List<Happening> minutes(int count) {
        List<Happening> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(new Happening(NOON + i * MINUTE, String.format("e%03d", i)));
        }
        return events;
    }

    private static List<Happening> shuffled(List<Happening> events, long seed) {
        List<Happening> copy = new ArrayList<>(events);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }

    /** Shuffles, then puts events of equal time back in their original relative order. */
    private static List<Happening> shuffledKeepingTies(List<Happening> events, long seed) {
        List<Happening> copy = shuffled(events, seed);
        List<Integer> slots = new ArrayList<>();
        List<Happening> tied = new ArrayList<>();
        for (int i = 0; i < copy.size(); i++) {
            long ts = copy.get(i).ts();
            if (events.stream().filter(e -> e.ts() == ts).count() > 1) {
                slots.add(i);
                tied.add(copy.get(i));
            }
        }
        tied.sort(Comparator.comparingInt(events::indexOf));
        for (int i = 0; i < slots.size(); i++) {
            copy.set(slots.get(i), tied.get(i));
        }
        return copy;
    }

    private static List<Path> filesUnder(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
