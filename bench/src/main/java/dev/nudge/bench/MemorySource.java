package dev.nudge.bench;

import dev.nudge.event.DeadLetter;
import dev.nudge.event.EventParser;
import dev.nudge.event.Ingested;
import dev.nudge.event.InvalidEventException;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;

/**
 * The benchmark's source: the dataset's JSON records, parsed in the source exactly as the Kafka
 * source's deserializer parses them, optionally at a fixed rate.
 */
final class MemorySource {
    private MemorySource() {}

    /**
     * @param ratePerSecond records per second, or 0 for as fast as possible
     * @param recordEntry whether to note when each record enters the source (latency runs)
     */
    static DataGeneratorSource<Ingested> of(
            Dataset dataset, double ratePerSecond, boolean recordEntry) {
        return new DataGeneratorSource<>(
                new Parse(dataset.id, recordEntry),
                dataset.size(),
                ratePerSecond > 0
                        ? RateLimiterStrategy.perSecond(ratePerSecond)
                        : RateLimiterStrategy.noOp(),
                TypeInformation.of(Ingested.class));
    }

    private static final class Parse implements GeneratorFunction<Long, Ingested> {
        private static final long serialVersionUID = 1L;

        private final String datasetId;
        private final boolean recordEntry;
        private transient Dataset dataset;
        private transient EventParser parser;

        Parse(String datasetId, boolean recordEntry) {
            this.datasetId = datasetId;
            this.recordEntry = recordEntry;
        }

        @Override
        public void open(SourceReaderContext context) {
            dataset = Dataset.get(datasetId);
            parser = EventParser.forHistory(65_536);
        }

        @Override
        public Ingested map(Long index) {
            int i = index.intValue();
            byte[] record = dataset.records[i];
            if (recordEntry) {
                dataset.enteredAt[i] = System.nanoTime();
            }
            try {
                return Ingested.of(parser.parse(record));
            } catch (InvalidEventException e) {
                return Ingested.rejected(
                        new DeadLetter(e.reason(), e.getMessage(), "memory", 0, i, null, record));
            }
        }
    }
}
