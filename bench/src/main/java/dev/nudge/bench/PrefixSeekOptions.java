package dev.nudge.bench;

import java.util.Collection;
import org.apache.flink.state.rocksdb.RocksDBOptionsFactory;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;

/**
 * An experiment for the CEP investigation: a capped prefix extractor with prefix bloom filters in
 * the memtable and the SST files, so that seeks within one user's map state could skip the rest.
 * Whether Flink's iterators use it (they seek in total order) is what the run shows.
 */
public final class PrefixSeekOptions implements RocksDBOptionsFactory {
    private static final long serialVersionUID = 1L;

    @Override
    public DBOptions createDBOptions(DBOptions current, Collection<AutoCloseable> handles) {
        return current;
    }

    @Override
    public ColumnFamilyOptions createColumnOptions(
            ColumnFamilyOptions current, Collection<AutoCloseable> handles) {
        BloomFilter filter = new BloomFilter(10, false);
        handles.add(filter);
        BlockBasedTableConfig table =
                new BlockBasedTableConfig().setFilterPolicy(filter).setWholeKeyFiltering(false);
        return current.useCappedPrefixExtractor(12)
                .setMemtablePrefixBloomSizeRatio(0.1)
                .setTableFormatConfig(table);
    }
}
