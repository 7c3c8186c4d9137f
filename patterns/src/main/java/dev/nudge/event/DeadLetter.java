package dev.nudge.event;

/**
 * An input record that could not be processed, on its way to {@code user-events-dlq}. It keeps the
 * original bytes unchanged, the reason, and where the record came from, so that it can be inspected
 * and replayed.
 *
 * @param reason the stable code of what was wrong
 * @param detail one sentence saying exactly what was wrong, at most {@link #MAX_DETAIL} characters
 *     (a longer one is cut)
 * @param sourceTopic the topic (or file) the record was read from
 * @param sourcePartition its partition, or -1 when unknown
 * @param sourceOffset its offset (or line number for files), or -1 when unknown
 * @param key the original record key, or {@code null}
 * @param value the original record value, unchanged, or {@code null}
 */
public record DeadLetter(
        RejectReason reason,
        String detail,
        String sourceTopic,
        int sourcePartition,
        long sourceOffset,
        byte[] key,
        byte[] value) {

    /** The longest detail kept: it travels in a Kafka header, whose size must be bounded. */
    public static final int MAX_DETAIL = 256;

    public DeadLetter {
        detail = bounded(detail);
    }

    /** {@code detail} cut to {@link #MAX_DETAIL} characters, never in the middle of a pair. */
    static String bounded(String detail) {
        if (detail == null || detail.length() <= MAX_DETAIL) {
            return detail;
        }
        int end = MAX_DETAIL - 3;
        if (Character.isHighSurrogate(detail.charAt(end - 1))) {
            end--;
        }
        return detail.substring(0, end) + "...";
    }
}
