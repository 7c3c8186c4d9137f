/**
 * The per-user engine behind the journey operator, in plain Java: one value of state per user
 * ({@link dev.nudge.journey.Journey}) and its encoding, read and written once per wake-up; the
 * order in which events, deadlines and matches are processed in event time ({@link
 * dev.nudge.journey.JourneyEngine}, {@link dev.nudge.journey.WakeUp}); the slots of the enabled
 * patterns; deduplication, erasure markers and a replay that drives the engine without Flink.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern},
 * {@code policy}, {@code flow}, {@code wire}. The top of the domain module.
 */
package dev.nudge.journey;
