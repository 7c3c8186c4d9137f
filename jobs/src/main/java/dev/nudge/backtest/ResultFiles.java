package dev.nudge.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.nudge.job.Outputs;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * Puts a backtest's result files in a fixed order, by time, user and pattern and then by the whole
 * line, so that two runs compare line by line whatever the parallelism: the time is a line's {@code
 * triggeredAt} or {@code openSince}; lines without either, the profiles, are in the order of their
 * users. The steps through flows ({@code flows.jsonl}) are ordered by their {@code at}, user and
 * flow, and then as the job wrote them: a user's steps of one moment (entered, then the steps
 * reached one after the other) keep the order they were taken in, which is the same in every run.
 * The files are sorted with the {@link ExternalSort} of the input, so results larger than memory
 * are no problem either.
 */
final class ResultFiles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One line of a result file with its sort key, computed once. */
    private record KeyedLine(String key, String line) {}

    private static final Comparator<KeyedLine> ORDER =
            Comparator.comparing(KeyedLine::key).thenComparing(KeyedLine::line);

    private static final ExternalSort.Codec<KeyedLine> CODEC =
            new ExternalSort.Codec<>() {
                @Override
                public void write(DataOutput out, KeyedLine keyed) throws IOException {
                    writeText(out, keyed.key());
                    writeText(out, keyed.line());
                }

                @Override
                public KeyedLine read(DataInput in) throws IOException {
                    return new KeyedLine(readText(in), readText(in));
                }

                @Override
                public long heapBytes(KeyedLine keyed) {
                    return 80L + keyed.key().length() + keyed.line().length();
                }
            };

    private ResultFiles() {}

    /** The files a backtest writes its outputs to, in the order of {@link Outputs}. */
    static List<String> names() {
        return Outputs.ALL.stream().flatMap(output -> output.file().stream()).toList();
    }

    /** Sorts every result file in {@code outDir} in place ({@link #sort}). */
    static void sortAll(Path outDir, Path workDir, SortLimits limits) throws IOException {
        for (String name : names()) {
            sort(outDir.resolve(name), workDir, limits);
        }
    }

    /** Sorts {@code file} in place, creating it empty when it does not exist. */
    static void sort(Path file, Path workDir, SortLimits limits) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file);
            return;
        }
        Path sorted = workDir.resolve(file.getFileName() + ".sorted");
        try (ExternalSort<KeyedLine> sort =
                        new ExternalSort<>(
                                ORDER, CODEC, limits, workDir, ExternalSort.Listener.NONE);
                BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            boolean inWrittenOrder = file.getFileName().toString().equals(Backtest.FLOWS);
            String line;
            for (long number = 0; (line = in.readLine()) != null; number++) {
                sort.add(
                        new KeyedLine(
                                inWrittenOrder ? flowKey(line, number) : sortKey(line), line));
            }
            try (BufferedWriter out = Files.newBufferedWriter(sorted, StandardCharsets.UTF_8)) {
                sort.finish(
                        keyed -> {
                            out.write(keyed.line());
                            out.write('\n');
                        });
            }
        }
        Files.move(sorted, file, StandardCopyOption.REPLACE_EXISTING);
    }

    private static String sortKey(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return text(node, "triggeredAt")
                    + text(node, "openSince")
                    + '\u0000'
                    + text(node, "userId")
                    + '\u0000'
                    + text(node, "patternId");
        } catch (IOException e) {
            return line;
        }
    }

    /**
     * A flow step's key: its time, user and flow, then its line in the file as written. The job
     * writes one user's steps in the order they were taken, so that order is the same in every run
     * whatever the interleaving of users.
     */
    private static String flowKey(String line, long number) {
        try {
            JsonNode node = JSON.readTree(line);
            return text(node, "at")
                    + '\u0000'
                    + text(node, "userId")
                    + '\u0000'
                    + text(node, "flowId")
                    + '\u0000'
                    + String.format(Locale.ROOT, "%019d", number);
        } catch (IOException e) {
            return line;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? "" : value.asText();
    }

    private static void writeText(DataOutput out, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readText(DataInput in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
