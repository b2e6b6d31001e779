package org.rpmpipeline.processor;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.WriteBufferManager;

/**
 * One block cache and one write-buffer budget shared by every RocksDB store of a processor instance, so local
 * state memory is bounded by {@code rpm.processor.rocksdb-memory-mib} whatever the number of stores, segments
 * and partitions. The instance is handed to Kafka Streams as an object-valued setting under {@link #CONFIG_KEY}
 * (no static state: two processors in one JVM keep separate budgets) and closed by the processor after Kafka
 * Streams has closed its stores.
 */
public final class RocksDbMemory implements AutoCloseable {
    /** Streams setting carrying the instance to {@link ConfigSetter}. */
    public static final String CONFIG_KEY = "rpm.processor.rocksdb-memory";

    private final Cache cache;
    private final WriteBufferManager writeBuffers;
    private final AtomicInteger storesConfigured = new AtomicInteger();

    /** A budget of {@code totalBytes}; memtables may use up to a quarter of it, charged to the same cache. */
    public RocksDbMemory(long totalBytes) {
        if (totalBytes <= 0) {
            throw new IllegalArgumentException("totalBytes must be positive");
        }
        RocksDB.loadLibrary();
        this.cache = new LRUCache(totalBytes, -1, false, 0.1);
        this.writeBuffers = new WriteBufferManager(totalBytes / 4, cache);
    }

    /** How many store instances (segments included) were opened with this budget. */
    public int storesConfigured() {
        return storesConfigured.get();
    }

    @Override
    public void close() {
        writeBuffers.close();
        cache.close();
    }

    /** Applies the shared budget to each store; without a budget in the settings it leaves RocksDB's defaults. */
    public static final class ConfigSetter implements RocksDBConfigSetter {
        @Override
        public void setConfig(String storeName, Options options, Map<String, Object> configs) {
            if (!(configs.get(CONFIG_KEY) instanceof RocksDbMemory memory)) {
                return;
            }
            BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig existing
                    ? existing : new BlockBasedTableConfig();
            table.setBlockCache(memory.cache);
            table.setCacheIndexAndFilterBlocks(true);
            table.setCacheIndexAndFilterBlocksWithHighPriority(true);
            table.setPinTopLevelIndexAndFilter(true);
            options.setTableFormatConfig(table);
            options.setWriteBufferManager(memory.writeBuffers);
            memory.storesConfigured.incrementAndGet();
        }

        @Override
        public void close(String storeName, Options options) {
            // the shared cache and write-buffer manager belong to the RocksDbMemory instance
        }
    }
}
