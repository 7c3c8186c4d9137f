package dev.nudge.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * CPU time of the JIT compiler's threads, from {@code /proc/self/task} (Linux): the part of a run's
 * process CPU that is the JVM still compiling the code, which a long-running job pays once. The
 * benchmark counts events per CPU-second without it, so that a variant is not charged for the
 * compilations its run happens to trigger (which differ from run to run as variants take turns on
 * the same JVM).
 */
final class CompilerCpu {
    private static final Path TASKS = Path.of("/proc/self/task");
    private static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ is 100 on Linux

    private CompilerCpu() {}

    /** Whether this platform tells compiler threads' CPU apart. */
    static boolean available() {
        return Files.isDirectory(TASKS);
    }

    /** CPU nanoseconds used so far by the live compiler threads; 0 if not {@link #available()}. */
    static long nanos() {
        if (!available()) {
            return 0;
        }
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(TASKS)) {
            for (Path thread : threads) {
                ticks += compilerTicks(thread);
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * NANOS_PER_TICK;
    }

    private static long compilerTicks(Path thread) {
        try {
            String name = Files.readString(thread.resolve("comm")).trim();
            if (!name.startsWith("C1 CompilerThre") && !name.startsWith("C2 CompilerThre")) {
                return 0;
            }
            String stat = Files.readString(thread.resolve("stat"));
            // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        } catch (IOException | RuntimeException e) {
            return 0; // the thread ended meanwhile
        }
    }
}
