package dev.nudge.backtest;

import dev.nudge.connect.JsonLinesFormat;
import dev.nudge.event.Ingested;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.reader.SimpleStreamFormat;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * The sorted events as the job reads them, counted, so that a backtest can say how far the job has
 * got. A backtest's job runs in a local environment, in this JVM, so the count is a plain counter
 * that the backtest reads while it waits; Flink's own accumulators and metrics reach the client
 * only with the task managers' heartbeats, every ten seconds. The source is bounded by the job's
 * pace (back pressure), so the events read are the events the job has got to.
 */
final class CountedFormat extends SimpleStreamFormat<Ingested> {
    private static final long serialVersionUID = 1L;

    /** The events read so far by each run in this JVM, by the run's name. */
    private static final Map<String, AtomicLong> READ = new ConcurrentHashMap<>();

    private final JsonLinesFormat format;
    private final String run;

    /**
     * @param run a name of this backtest's own, such as its work directory's
     */
    CountedFormat(JsonLinesFormat format, String run) {
        this.format = format;
        this.run = run;
    }

    /** The events the job of {@code run} has read so far. */
    static AtomicLong counter(String run) {
        return READ.computeIfAbsent(run, name -> new AtomicLong());
    }

    /** Forgets the count of a run that has ended. */
    static void forget(String run) {
        READ.remove(run);
    }

    @Override
    public Reader<Ingested> createReader(Configuration config, FSDataInputStream stream)
            throws IOException {
        Reader<Ingested> reader = format.createReader(config, stream);
        AtomicLong read = counter(run);
        return new Reader<>() {
            @Override
            public Ingested read() throws IOException {
                Ingested record = reader.read();
                if (record != null) {
                    read.incrementAndGet();
                }
                return record;
            }

            @Override
            public void close() throws IOException {
                reader.close();
            }
        };
    }

    @Override
    public TypeInformation<Ingested> getProducedType() {
        return format.getProducedType();
    }
}
