package dev.nudge.bench;

import dev.nudge.event.UserEvent;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.wire.Json;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pre-generated events as JSON bytes in memory, in time order, shared with the tasks of the in-JVM
 * cluster through a registry (so that hundreds of megabytes never travel in a job graph).
 */
final class Dataset {
    private static final Map<String, Dataset> REGISTRY = new ConcurrentHashMap<>();

    final String id;
    final int users;
    final int days;
    final byte[][] records;
    final long[] times;

    /** When each record entered the source (System.nanoTime), for latency runs. */
    final long[] enteredAt;

    private Dataset(String id, int users, int days, byte[][] records, long[] times) {
        this.id = id;
        this.users = users;
        this.days = days;
        this.records = records;
        this.times = times;
        this.enteredAt = new long[records.length];
    }

    /** Generates (seeded, deterministic) and registers a dataset. */
    static Dataset generate(int users, int days, long seed) {
        ShopperGenerator events =
                new ShopperGenerator(
                        users,
                        ShopperGenerator.DEFAULT_START,
                        Duration.ofDays(days),
                        seed,
                        ZoneId.of("Asia/Shanghai"));
        List<byte[]> records = new ArrayList<>();
        List<Long> times = new ArrayList<>();
        while (events.hasNext()) {
            UserEvent event = events.next();
            records.add(Json.event(event));
            times.add(event.ts());
        }
        long[] ts = new long[times.size()];
        for (int i = 0; i < ts.length; i++) {
            ts[i] = times.get(i);
        }
        String id = users + "u" + days + "d" + seed;
        Dataset dataset = new Dataset(id, users, days, records.toArray(new byte[0][]), ts);
        REGISTRY.put(id, dataset);
        return dataset;
    }

    static Dataset get(String id) {
        Dataset dataset = REGISTRY.get(id);
        if (dataset == null) {
            throw new IllegalStateException("dataset " + id + " is not in this JVM");
        }
        return dataset;
    }

    int size() {
        return records.length;
    }

    /** The latest event time in the data. */
    long lastTime() {
        long last = Long.MIN_VALUE;
        for (long time : times) {
            last = Math.max(last, time);
        }
        return last;
    }

    long bytes() {
        long total = 0;
        for (byte[] record : records) {
            total += record.length;
        }
        return total;
    }

    /** The index of the first event later than {@code time}, or {@link #size()}. */
    int firstAfter(long time) {
        int low = 0;
        int high = times.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    @Override
    public String toString() {
        return String.format(
                "%,d events of %,d shoppers over %d days (%,d MB of JSON)",
                size(), users, days, bytes() >> 20);
    }
}
