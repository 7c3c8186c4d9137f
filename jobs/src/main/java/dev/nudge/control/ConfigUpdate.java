package dev.nudge.control;

/**
 * A published configuration that was checked and may apply live: what the control operator
 * broadcasts to every instance of the journey operator.
 *
 * @param document the validated document, as published
 * @param publishedAt when it was published, epoch millis: the start of its publish-to-effect time
 */
public record ConfigUpdate(String version, String document, long publishedAt, String changedBy) {}
