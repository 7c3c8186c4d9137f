/**
 * What shoppers do, as Nudge reads it: the {@code user-events} record ({@link
 * dev.nudge.event.UserEvent}), its parsing with a reason for every record refused ({@link
 * dev.nudge.event.EventParser}, {@link dev.nudge.event.DeadLetter}), and the values every layer
 * shares: money in minor units, channels, event time and its one "no time" ({@link
 * dev.nudge.event.Times}).
 *
 * <p>May import: nothing else of Nudge. The bottom layer.
 */
package dev.nudge.event;
