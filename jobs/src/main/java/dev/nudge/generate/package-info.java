/**
 * Synthetic shoppers for the demo, tests and benchmarks: deterministic journeys of browsing,
 * searching, carts and purchases with repeat cycles, and optionally spoilt records.
 *
 * <p>May import: {@code event}.
 */
package dev.nudge.generate;
