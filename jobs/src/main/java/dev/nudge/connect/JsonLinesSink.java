package dev.nudge.connect;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.util.function.SerializableFunction;

/**
 * Appends each record as one JSON line to a local file. For backtests, which run locally at
 * parallelism 1 for this sink; it has no delivery guarantee beyond that.
 */
public final class JsonLinesSink<T> implements Sink<T> {
    private static final long serialVersionUID = 1L;

    private final String file;
    private final SerializableFunction<T, byte[]> encoder;

    public JsonLinesSink(Path file, SerializableFunction<T, byte[]> encoder) {
        this.file = file.toAbsolutePath().toString();
        this.encoder = encoder;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) throws IOException {
        OutputStream out =
                new BufferedOutputStream(
                        Files.newOutputStream(
                                Path.of(file),
                                StandardOpenOption.CREATE,
                                StandardOpenOption.APPEND),
                        1 << 16);
        return new SinkWriter<>() {
            @Override
            public void write(T element, Context context) throws IOException {
                out.write(encoder.apply(element));
                out.write('\n');
            }

            @Override
            public void flush(boolean endOfInput) throws IOException {
                out.flush();
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }
}
