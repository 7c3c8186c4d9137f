/**
 * The command line, {@code nudge}: run, demo, validate, diff, publish, backtest, report, generate.
 *
 * <p>May import: {@code config}, {@code wire}, {@code generate}, {@code validate}, {@code job},
 * {@code connect}, {@code backtest}, {@code demo}, {@code report}. The top.
 */
package dev.nudge.cli;
