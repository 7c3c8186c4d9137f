/**
 * The live profile of one user: attributes, behaviour, lifecycle stage, purchase cycle and
 * predicted next purchase, spend, RFM, category and brand preferences, active hours, segments
 * ({@link dev.nudge.profile.Profile}); how events and time change it ({@link
 * dev.nudge.profile.ProfileUpdater}, read through {@link dev.nudge.profile.ProfileView}), and the
 * signals it gives the patterns ({@link dev.nudge.profile.ProfileSignal}).
 *
 * <p>May import: {@code event}, {@code state}, {@code config}.
 */
package dev.nudge.profile;
