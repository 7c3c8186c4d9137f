package dev.nudge.cli;

import dev.nudge.generate.DirtyRecords;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.wire.Json;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code generate}: deterministic synthetic shopper journeys as JSON lines. */
@Command(
        name = "generate",
        mixinStandardHelpOptions = true,
        usageHelpAutoWidth = true,
        usageHelpWidth = 100,
        description = {
            "Writes deterministic synthetic shopper journeys as JSON lines (user-events format).",
            "Browse sessions, searches, carts, purchases with repeat cycles, shoppers who never"
                    + " buy. The same arguments always give the same output."
        })
final class GenerateCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
            names = "--users",
            defaultValue = "1000",
            description = "shoppers (default: ${DEFAULT-VALUE})")
    int users;

    @Option(
            names = "--days",
            defaultValue = "7",
            description = "days of activity (default: ${DEFAULT-VALUE})")
    int days;

    @Option(
            names = "--seed",
            defaultValue = "42",
            description = "random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(
            names = "--start",
            defaultValue = "2026-11-01T00:00:00Z",
            description = "first instant, ISO-8601 (default: ${DEFAULT-VALUE})")
    Instant start;

    @Option(
            names = "--timezone",
            defaultValue = "Asia/Shanghai",
            description = "time zone of most shoppers (default: ${DEFAULT-VALUE})")
    ZoneId zone;

    @Option(
            names = "--bad-rate",
            defaultValue = "0",
            description =
                    "share of records to spoil or duplicate, 0 to 1 (default: ${DEFAULT-VALUE})")
    double badRate;

    @Option(names = "--out", description = "output file (default: standard output)")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (users < 1 || days < 1 || badRate < 0 || badRate > 1) {
            spec.commandLine()
                    .getErr()
                    .println("--users and --days must be at least 1, --bad-rate between 0 and 1");
            return 2;
        }
        ShopperGenerator events =
                new ShopperGenerator(users, start, Duration.ofDays(days), seed, zone);
        DirtyRecords dirty = new DirtyRecords(seed, badRate);
        long written = 0;
        try (OutputStream sink =
                new BufferedOutputStream(
                        out == null ? System.out : Files.newOutputStream(out), 1 << 16)) {
            while (events.hasNext()) {
                for (byte[] record : dirty.around(Json.event(events.next()))) {
                    sink.write(record);
                    sink.write('\n');
                    written++;
                }
            }
        }
        if (out != null) {
            spec.commandLine()
                    .getErr()
                    .printf("wrote %,d events of %,d shoppers to %s%n", written, users, out);
        }
        return 0;
    }
}
