/**
 * The marketing moments. One class per pattern type: its params, its detector over one user's
 * events, deadlines and profile signals ({@link dev.nudge.pattern.Detector}), and its compact
 * per-user state; what a recognised moment is ({@link dev.nudge.pattern.Match}) and what it tells a
 * template ({@link dev.nudge.pattern.ActionParams}). {@link dev.nudge.pattern.PatternCatalog} is
 * the one place that lists the types. SEQUENCE patterns are described here and run in Flink CEP
 * (the {@code sequence} package of the job).
 *
 * <p>May import: {@code event}, {@code state}, {@code config}, {@code profile}.
 */
package dev.nudge.pattern;
