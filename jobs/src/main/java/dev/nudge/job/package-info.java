/**
 * The Flink job: the topology with injectable sources and outputs ({@link dev.nudge.job.NudgeJob}),
 * its typed settings, the journey operator over the domain's engine with its state serializer and
 * cache, event time, every operator uid and state descriptor ({@link dev.nudge.job.Descriptors}),
 * and the registry of outputs ({@link dev.nudge.job.Outputs}). It knows no transport.
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}, {@code pattern},
 * {@code flow}, {@code policy}, {@code wire}, {@code journey}, {@code sequence}, {@code control}.
 */
package dev.nudge.job;
