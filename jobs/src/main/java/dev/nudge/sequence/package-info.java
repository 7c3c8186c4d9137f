/**
 * SEQUENCE patterns on Flink CEP: a pattern's steps compiled to a CEP pattern ({@link
 * dev.nudge.sequence.SequenceCompiler}), and the keyed operator that runs it per user with a
 * bounded NFA and an event budget, so that one user's flood cannot stall the others ({@link
 * dev.nudge.sequence.SequenceOperator}). Its matches go to the journey operator.
 *
 * <p>May import: {@code event}, {@code config}, {@code pattern}, {@code wire}. The bottom of the
 * job module, with {@code generate}.
 */
package dev.nudge.sequence;
