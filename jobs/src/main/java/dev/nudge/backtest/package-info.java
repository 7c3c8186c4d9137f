/**
 * The job over a history file in event time: the history formats (JSON lines, Taobao, REES46), an
 * external sort for inputs of any size, the result files and the report, with the funnels of flows.
 *
 * <p>May import: {@code event}, {@code config}, {@code wire}, {@code job}, {@code connect}, {@code
 * report}, {@code policy} (the suppression reasons, each with its colour in the report).
 */
package dev.nudge.backtest;
