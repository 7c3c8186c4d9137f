/**
 * What the job's records say about each pattern and variant: the one count of decisions,
 * conversions and linked feedback per pattern, arm and variant that the backtest report and the
 * {@code report} command share ({@link dev.nudge.report.Experiments}), the per-user comparison of
 * each variant with its pattern's holdout ({@link dev.nudge.report.Uplift}, {@link
 * dev.nudge.report.RevenueDifference}), the tables that show it, and the reading of a time range of
 * a topic, committed records only ({@link dev.nudge.report.TopicRange}). It reads records as JSON,
 * naming arms and feedback steps as the policy does, and knows nothing of the job that wrote them.
 *
 * <p>May import: {@code policy}.
 */
package dev.nudge.report;
