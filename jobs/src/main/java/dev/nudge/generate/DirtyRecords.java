package dev.nudge.generate;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Spoils a small, deterministic share of records the way real producers do: redelivered duplicates,
 * truncated JSON, missing or mistyped fields, unknown types, invalid UTF-8. For demos and tests of
 * the dead-letter path.
 */
public final class DirtyRecords {
    private final SplittableRandom random;
    private final double rate;

    /**
     * @param rate the share of records to spoil or duplicate, from 0 to 1
     */
    public DirtyRecords(long seed, double rate) {
        this.random = new SplittableRandom(seed ^ 0x5DEECE66DL);
        this.rate = rate;
    }

    /**
     * The records to send in place of {@code record}: usually just it; sometimes it twice (a
     * redelivery), or a spoiled copy followed by the original.
     */
    public byte[][] around(byte[] record) {
        if (rate <= 0 || random.nextDouble() >= rate) {
            return new byte[][] {record};
        }
        if (random.nextBoolean()) {
            return new byte[][] {record, record};
        }
        return new byte[][] {spoil(record), record};
    }

    private byte[] spoil(byte[] record) {
        String json = new String(record, StandardCharsets.UTF_8);
        return switch (random.nextInt(6)) {
            case 0 -> Arrays.copyOf(record, record.length / 2);
            case 1 -> utf8(json.replaceFirst("\"userId\":\"[^\"]*\",", ""));
            case 2 -> utf8(json.replaceFirst("\"ts\":(\\d+)", "\"ts\":\"$1\""));
            case 3 -> utf8(json.replaceFirst("\"type\":\"[A-Z_]+\"", "\"type\":\"CLICK\""));
            case 4 -> {
                byte[] broken = record.clone();
                broken[broken.length / 2] = (byte) 0xC3;
                broken[broken.length / 2 + 1] = (byte) 0x28;
                yield broken;
            }
            default -> utf8("not json " + json.length());
        };
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
