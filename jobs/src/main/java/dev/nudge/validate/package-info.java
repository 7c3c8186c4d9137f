/**
 * The check of a whole patterns document as the job will run it: the reader's checks of every
 * field, then every SEQUENCE compiled by Flink CEP ({@link dev.nudge.validate.PatternsValidator}).
 * The CLI, the backtest, the demo and the control topic all take a document through here.
 *
 * <p>May import: {@code config}, {@code sequence}.
 */
package dev.nudge.validate;
