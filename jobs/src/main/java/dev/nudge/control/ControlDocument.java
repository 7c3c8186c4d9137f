package dev.nudge.control;

/**
 * A pattern configuration as published on {@code marketing-control} (SPEC §3.6), before anything
 * has checked it.
 *
 * @param text the document: {@code patterns.yaml} or its JSON form
 * @param publishedAt when it was published: the Kafka record's timestamp, epoch millis
 * @param changedBy who published it: the record's {@code changedBy} header, else its key
 * @param origin where it was read, e.g. {@code marketing-control-0@17}, for the log
 */
public record ControlDocument(String text, long publishedAt, String changedBy, String origin) {}
