package dev.nudge.config;

import java.time.Duration;

/** When users without purchases become SILENT and then CHURNED. */
public record LifecycleSpec(Duration silentAfter, Duration churnedAfter) {}
