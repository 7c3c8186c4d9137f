package dev.nudge.profile;

/**
 * How much a user leans towards a category or a brand: views, favourites, carts and purchases,
 * weighted and decayed with the affinity half-life to the time asked about.
 */
public record Affinity(String id, double score) {}
