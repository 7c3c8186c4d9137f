/**
 * The JSON of everything the job writes — actions, decisions, conversions, engagement, profile
 * snapshots, dead letters, the steps of users through flows — with the bounds that keep each record
 * within the producer's limits.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern},
 * {@code flow}, {@code policy}.
 */
package dev.nudge.wire;
