/**
 * The operator console: a local web page on the job's topics and Flink's REST API. {@link
 * dev.nudge.console.ConsoleServer} serves the page and its JSON endpoints from the JDK's own HTTP
 * server, behind {@link dev.nudge.console.Access}; the endpoints live next to what they show:
 * {@code live} (the configuration in force, outcomes per pattern and flow, the job's health),
 * {@code change} (edit, validate, diff, backtest, publish, the kill switch) and {@code user} (one
 * user's profile and decisions, explained).
 *
 * <p>May import: {@code event}, {@code config}, {@code policy}, {@code wire}, {@code validate},
 * {@code control}, {@code connect}, {@code job}, {@code backtest}.
 */
package dev.nudge.console;
