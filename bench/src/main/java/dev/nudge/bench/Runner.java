package dev.nudge.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;

/**
 * Runs benchmark jobs one after another on one long-lived local cluster and measures each: wall
 * time and the CPU time of the whole process (task threads, GC, RocksDB's own threads) from
 * submission to result, and apart from it the JIT compiler's ({@link CompilerCpu}). Per-job
 * configuration picks the state backend.
 */
final class Runner implements AutoCloseable {
    private static final OperatingSystemMXBean OS =
            (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private final MiniCluster cluster;

    /** What one run cost, and what its accumulators counted. */
    record Run(
            long wallNanos,
            long cpuNanos,
            long compilerNanos,
            long gcMillis,
            Map<String, Object> counts,
            AccessExecutionGraph graph) {
        double wallSeconds() {
            return wallNanos / 1e9;
        }

        /** CPU seconds of the whole process but the JIT compiler. */
        double cpuSeconds() {
            return (cpuNanos - compilerNanos) / 1e9;
        }

        /** The JIT compiler's share of the process CPU in this run. */
        double compilerShare() {
            return cpuNanos == 0 ? 0 : (double) compilerNanos / cpuNanos;
        }

        long count(String name) {
            Object value = counts.get(name);
            return value == null ? 0 : ((Number) value).longValue();
        }
    }

    Runner() throws Exception {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.ofMebiBytes(512));
        cluster =
                new MiniCluster(
                        new MiniClusterConfiguration.Builder()
                                .setConfiguration(conf)
                                .setNumTaskManagers(1)
                                .setNumSlotsPerTaskManager(4)
                                .build());
        cluster.start();
    }

    private static long gcMillis() {
        long total = 0;
        for (var collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, collector.getCollectionTime());
        }
        return total;
    }

    MiniCluster cluster() {
        return cluster;
    }

    /**
     * Builds a job with {@code topology} under {@code jobConf}, runs it to the end, measures it.
     */
    Run run(Configuration jobConf, Consumer<StreamExecutionEnvironment> topology) throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
        env.setParallelism(1);
        topology.accept(env);
        StreamGraph graph = env.getStreamGraph();
        System.gc();
        long gc = gcMillis();
        long compiler = CompilerCpu.nanos();
        long cpu = OS.getProcessCpuTime();
        long wall = System.nanoTime();
        JobID job = cluster.submitJob(graph).get().getJobID();
        JobResult result = cluster.requestJobResult(job).get();
        long wallNanos = System.nanoTime() - wall;
        long cpuNanos = OS.getProcessCpuTime() - cpu;
        long compilerNanos = Math.max(0, Math.min(cpuNanos, CompilerCpu.nanos() - compiler));
        JobExecutionResult execution = result.toJobExecutionResult(getClass().getClassLoader());
        return new Run(
                wallNanos,
                cpuNanos,
                compilerNanos,
                gcMillis() - gc,
                execution.getAllAccumulatorResults(),
                cluster.getArchivedExecutionGraph(job).get());
    }

    /** Starts a job and returns at once; for runs that end by cancellation. */
    JobID start(Configuration jobConf, Consumer<StreamExecutionEnvironment> topology)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(jobConf);
        env.setParallelism(1);
        topology.accept(env);
        return cluster.submitJob(env.getStreamGraph()).get().getJobID();
    }

    void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get();
        cluster.requestJobResult(job).get();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
