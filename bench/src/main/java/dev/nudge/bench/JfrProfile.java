package dev.nudge.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU goes in a run: Java Flight Recorder execution samples of the whole process,
 * summarised as the hottest methods (self time) and the share of samples inside chosen areas.
 */
final class JfrProfile {
    /** The summary of one recording. */
    record Profile(
            int samples,
            Map<String, Integer> hottest,
            Map<String, Integer> areas,
            Map<String, Integer> nudge) {
        String percent(int count) {
            return String.format("%.0f%%", samples == 0 ? 0 : 100.0 * count / samples);
        }
    }

    private JfrProfile() {}

    /**
     * Records {@code work} and sums samples whose stack contains one of {@code areas} (a frame
     * whose class and method name contains the text).
     */
    static <T> Profile record(Callable<T> work, Map<String, String> areas) throws Exception {
        Path file = Files.createTempFile("nudge-bench-", ".jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.enable("jdk.NativeMethodSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            work.call();
            recording.stop();
            recording.dump(file);
            return summarise(file, areas);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Profile summarise(Path file, Map<String, String> areas) throws IOException {
        Map<String, Integer> self = new HashMap<>();
        Map<String, Integer> total = new HashMap<>();
        Map<String, Integer> inside = new LinkedHashMap<>();
        areas.keySet().forEach(name -> inside.put(name, 0));
        int samples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (!(type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample"))
                    || event.getStackTrace() == null
                    || !isTaskThread(event)) {
                continue;
            }
            List<RecordedFrame> frames = event.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            self.merge(name(frames.get(0)), 1, Integer::sum);
            java.util.Set<String> own = new java.util.HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame);
                if (method.startsWith("dev.nudge.") && own.add(method)) {
                    total.merge(method, 1, Integer::sum);
                }
            }
            for (Map.Entry<String, String> area : areas.entrySet()) {
                for (RecordedFrame frame : frames) {
                    if (name(frame).contains(area.getValue())) {
                        inside.merge(area.getKey(), 1, Integer::sum);
                        break;
                    }
                }
            }
        }
        Map<String, Integer> hottest = new LinkedHashMap<>();
        self.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(12)
                .forEach(e -> hottest.put(e.getKey(), e.getValue()));
        Map<String, Integer> nudge = new LinkedHashMap<>();
        total.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(20)
                .forEach(e -> nudge.put(e.getKey(), e.getValue()));
        return new Profile(samples, hottest, inside, nudge);
    }

    /**
     * Samples of Flink's task threads only: native samples would otherwise count every thread
     * parked in a native wait (network, Kafka, RocksDB background work).
     */
    private static boolean isTaskThread(RecordedEvent event) {
        jdk.jfr.consumer.RecordedThread thread = event.getThread("sampledThread");
        String name = thread == null ? "" : String.valueOf(thread.getJavaName());
        return !name.startsWith("Flink")
                && !name.contains("akka")
                && !name.contains("pekko")
                && !name.startsWith("jobmanager")
                && (name.contains("(1/1)") || name.contains("Source") || name.contains("journeys"));
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }
}
