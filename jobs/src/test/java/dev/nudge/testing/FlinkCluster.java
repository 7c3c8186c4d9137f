package dev.nudge.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.util.TestStreamEnvironment;

/**
 * A MiniCluster with the settings the job expects of a real cluster (checkpointing, a restart
 * strategy) and a strict serialization check: any Kryo fallback fails the job.
 */
public final class FlinkCluster implements AutoCloseable {
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MiniCluster cluster;
    private final Configuration conf = new Configuration();
    private final int parallelism;

    public FlinkCluster(int taskManagers, int slotsPerTaskManager, int parallelism)
            throws Exception {
        this(taskManagers, slotsPerTaskManager, parallelism, "hashmap");
    }

    /**
     * @param stateBackend {@code hashmap} or {@code rocksdb}
     */
    public FlinkCluster(
            int taskManagers, int slotsPerTaskManager, int parallelism, String stateBackend)
            throws Exception {
        this(taskManagers, slotsPerTaskManager, parallelism, stateBackend, new Configuration());
    }

    /**
     * @param stateBackend {@code hashmap} or {@code rocksdb}
     * @param cluster more of a real cluster's Flink configuration, on top of the settings above:
     *     e.g. the deployment's RocksDB options, so that its savepoints are laid out the same
     */
    public FlinkCluster(
            int taskManagers,
            int slotsPerTaskManager,
            int parallelism,
            String stateBackend,
            Configuration cluster)
            throws Exception {
        conf.set(PipelineOptions.GENERIC_TYPES, false);
        // Any free port: tests and a running demo may each have a cluster up.
        conf.set(RestOptions.BIND_PORT, "0");
        conf.set(StateBackendOptions.STATE_BACKEND, stateBackend);
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, Duration.ofMillis(500));
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 10);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        conf.addAll(cluster);
        this.cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(taskManagers)
                                .setNumSlotsPerTaskManager(slotsPerTaskManager)
                                .build());
        this.cluster.start();
        this.parallelism = parallelism;
    }

    public MiniCluster miniCluster() {
        return cluster;
    }

    /** An environment that submits to this cluster. */
    public TestStreamEnvironment environment() {
        return new TestStreamEnvironment(cluster, conf, parallelism, List.of(), List.of());
    }

    /** An environment that submits jobs starting from a savepoint or retained checkpoint. */
    public TestStreamEnvironment environmentRestoringFrom(String savepointPath) {
        return environmentRestoringFrom(savepointPath, false);
    }

    /**
     * An environment that submits jobs starting from a savepoint or retained checkpoint.
     *
     * @param allowNonRestoredState whether state of operators the new job no longer has (a removed
     *     SEQUENCE pattern's CEP operator) is dropped, as {@code --allowNonRestoredState} does on
     *     the command line; without it such a restore fails
     */
    public TestStreamEnvironment environmentRestoringFrom(
            String savepointPath, boolean allowNonRestoredState) {
        Configuration restoring = new Configuration(conf);
        restoring.set(StateRecoveryOptions.SAVEPOINT_PATH, savepointPath);
        restoring.set(StateRecoveryOptions.SAVEPOINT_IGNORE_UNCLAIMED_STATE, allowNonRestoredState);
        return new TestStreamEnvironment(cluster, restoring, parallelism, List.of(), List.of());
    }

    /**
     * What Flink's REST API says of a running job, the way an operator would look at it: how often
     * it restarted, the failures it recorded, and its checkpoints.
     *
     * @param restarts the job's {@code numRestarts} metric
     * @param failures the entries of its exception history (every restart follows one)
     * @param lastCheckpointFailure why the latest failed checkpoint failed, or {@code null}
     */
    public record Health(
            long restarts,
            int failures,
            long completedCheckpoints,
            long failedCheckpoints,
            String lastCheckpointFailure) {}

    public Health health(JobID job) throws Exception {
        String base = cluster.getRestAddress().get().toString() + "/jobs/" + job;
        JsonNode stats = get(base + "/checkpoints");
        JsonNode checkpoints = stats.path("counts");
        JsonNode failed = stats.path("latest").path("failed");
        JsonNode exceptions = get(base + "/exceptions").path("exceptionHistory").path("entries");
        return new Health(
                restarts(base),
                exceptions.size(),
                checkpoints.path("completed").asLong(),
                checkpoints.path("failed").asLong(),
                failed.isObject() ? failed.path("failure_message").asText(null) : null);
    }

    /**
     * One line on a job for a test's log when it waits in vain: its state, and the newest failure
     * of its exception history, if any, with its root cause.
     */
    public String describe(JobID job) {
        try {
            String base = cluster.getRestAddress().get().toString() + "/jobs/" + job;
            String state = get(base).path("state").asText("?");
            JsonNode entries = get(base + "/exceptions").path("exceptionHistory").path("entries");
            if (entries.isEmpty()) {
                return "job " + job + " " + state + ", no failure recorded";
            }
            JsonNode newest = entries.get(0);
            String trace = newest.path("stacktrace").asText("");
            int end = trace.indexOf('\n');
            // The root cause says more than a restart strategy giving up.
            String rootCause =
                    trace.lines()
                            .filter(line -> line.startsWith("Caused by: "))
                            .reduce((first, second) -> second)
                            .map(line -> ", caused by " + line.substring("Caused by: ".length()))
                            .orElse("");
            return "job "
                    + job
                    + " "
                    + state
                    + ", "
                    + entries.size()
                    + " failure(s), the newest: "
                    + (end < 0 ? trace : trace.substring(0, end))
                    + rootCause;
        } catch (Exception e) {
            return "job " + job + ": the REST API did not answer (" + e + ")";
        }
    }

    /** The job's {@code numRestarts}, once the REST API's metric fetcher has it. */
    private long restarts(String job) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            for (JsonNode metric : get(job + "/metrics?get=numRestarts")) {
                if (metric.path("id").asText().equals("numRestarts")) {
                    return metric.path("value").asLong();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the REST API never reported numRestarts");
            }
            Thread.sleep(500);
        }
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response =
                HTTP.send(
                        HttpRequest.newBuilder(URI.create(url)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + ": HTTP " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
