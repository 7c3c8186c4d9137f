/**
 * The patterns document, {@code patterns.yaml}: its reader and validation (every error with its
 * field path, value and fix), the typed specs of patterns, policy, profile and segments it yields
 * ({@link dev.nudge.config.PatternsConfig}), the limits that bound it, and the diff between two
 * versions that says which changes apply live and which need a restart ({@link
 * dev.nudge.config.ConfigDiff}). Plain data: nothing here runs a pattern.
 *
 * <p>May import: {@code event}.
 */
package dev.nudge.config;
