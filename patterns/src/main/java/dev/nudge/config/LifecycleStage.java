package dev.nudge.config;

/** Where a user is in their life as a customer (SPEC §4). */
public enum LifecycleStage {
    /** Never purchased. */
    PROSPECT,
    /** Made a first purchase. */
    NEW,
    /** Purchased again, or came back after being silent or churned. */
    ACTIVE,
    /** No purchase for {@code lifecycle.silentAfter}. */
    SILENT,
    /** No purchase for {@code lifecycle.churnedAfter}. */
    CHURNED
}
