/**
 * The command line, {@code nudge}: run, demo, console, validate, diff, publish, backtest, report,
 * tail, generate.
 *
 * <p>May import: {@code config}, {@code wire}, {@code generate}, {@code validate}, {@code job},
 * {@code connect}, {@code backtest}, {@code demo}, {@code report}, {@code tail}, {@code console},
 * {@code control}. The top.
 */
package dev.nudge.cli;
