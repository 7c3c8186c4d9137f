/**
 * Reading the job's output topics as a sender does: committed records only, from the end, the
 * beginning, a time or a consumer group's committed offsets, once to the end or following ({@link
 * dev.nudge.tail.TopicTail}); which topic a short name means ({@link dev.nudge.tail.TailedTopic});
 * and each record as one readable line or as its JSON ({@link dev.nudge.tail.RecordLines}).
 *
 * <p>May import: {@code config}, {@code job}, {@code connect}.
 */
package dev.nudge.tail;
