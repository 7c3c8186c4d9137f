/**
 * Multi-step flows: a user's place in each flow ({@link dev.nudge.flow.FlowPositions}, part of the
 * policy's state) and the walk through a flow's steps in event time ({@link dev.nudge.flow.Flows}):
 * entry and re-entry, sends, waits and branches, exit goals, and what a live change of a flow does
 * to the users in it. Every send leaves through the policy, which imports this package.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern}.
 */
package dev.nudge.flow;
