package dev.nudge.profile;

/**
 * What the profile tells the detectors besides the user's events: the lifecycle stage changed, or a
 * predicted purchase is a lead time away. A detector names the kinds it hears, and the journey
 * hands it only those; a new signal is one more permitted type and one more kind.
 */
public sealed interface ProfileSignal permits LifecycleChange, RepurchaseDue {

    /** When the signal happens, in event time. */
    long at();

    Kind kind();

    enum Kind {
        /** {@link LifecycleChange}: on a purchase, or when the time without one ran out. */
        LIFECYCLE,
        /** {@link RepurchaseDue}: at a deadline of the profile, for the lead times asked for. */
        REPURCHASE_DUE
    }
}
