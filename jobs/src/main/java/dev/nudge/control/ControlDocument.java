package dev.nudge.control;

/**
 * A pattern configuration as published on {@code marketing-control} (SPEC §3.6), before anything
 * has checked it: bytes as they came, since only the control operator may judge them.
 *
 * @param document the document: {@code patterns.yaml} or its JSON form, UTF-8 if well formed
 * @param publishedAt when it was published: the Kafka record's timestamp, epoch millis
 * @param changedBy who published it: the record's {@code changedBy} header, else its key, else
 *     empty
 * @param origin where it was read, e.g. {@code marketing-control-0@17}, for the log
 */
public record ControlDocument(byte[] document, long publishedAt, byte[] changedBy, String origin) {}
