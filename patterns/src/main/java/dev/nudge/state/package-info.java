/**
 * The compact binary encoding of per-user state: varints, times as deltas from a base time,
 * length-prefixed strings ({@link dev.nudge.state.StateOutput}, {@link
 * dev.nudge.state.StateInput}), and the journey format versions ({@link dev.nudge.state.Formats}).
 * Every piece of state writes and reads itself through these two classes.
 *
 * <p>May import: {@code event}.
 */
package dev.nudge.state;
