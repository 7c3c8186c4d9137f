/**
 * The demo: a Kafka broker in the JVM, the job on a local cluster, synthetic shoppers, and what
 * comes out, printed as it happens.
 *
 * <p>May import: {@code event}, {@code config}, {@code wire}, {@code generate}, {@code job}, {@code
 * connect}, {@code console}, {@code backtest}.
 */
package dev.nudge.demo;
