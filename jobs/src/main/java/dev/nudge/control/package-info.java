/**
 * Live configuration: the control operator that judges each document published on {@code
 * marketing-control} once (valid, newer, live or restart-only), answers on {@code
 * marketing-control-acks}, and broadcasts what applies to the journey operators.
 *
 * <p>May import: {@code config}, {@code validate}, {@code wire}.
 */
package dev.nudge.control;
