package dev.nudge.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.nudge.testing.FlinkCluster;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MetricOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/** Tests what the live view says of the job's health, from Flink's REST API or without it. */
class FlinkHealthIT {

    @Test
    void withoutFlinkTheAnswerSaysSoInWords() {
        ObjectNode health = new FlinkHealth(Optional.empty()).current();

        assertThat(health.path("available").asBoolean()).isFalse();
        assertThat(health.path("why").asText()).contains("Flink not connected", "--flink");
    }

    @Test
    void aFlinkThatCannotBeReachedIsSaidSo() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        URI address = URI.create("http://127.0.0.1:" + port);

        ObjectNode health = new FlinkHealth(Optional.of(address)).current();

        assertThat(health.path("available").asBoolean()).isFalse();
        assertThat(health.path("why").asText()).contains(address.toString(), "cannot be reached");
    }

    @Test
    void aRunningJobsStateCheckpointsAndDeadLettersByReason() throws Exception {
        Configuration fastMetrics = new Configuration();
        fastMetrics.set(MetricOptions.METRIC_FETCHER_UPDATE_INTERVAL, Duration.ofMillis(500));
        try (FlinkCluster flink = new FlinkCluster(1, 1, 1, "hashmap", fastMetrics)) {
            StreamExecutionEnvironment env = flink.environment();
            env.fromSequence(0, Long.MAX_VALUE)
                    .map(new CountsLikeTheJob())
                    .name("Separate dead letters");
            JobClient job = env.executeAsync("health probe");
            try {
                FlinkHealth reader =
                        new FlinkHealth(
                                Optional.of(
                                        URI.create(
                                                flink.miniCluster()
                                                                .getRestAddress()
                                                                .get()
                                                                .toString()
                                                        + "/")));
                ObjectNode health = awaitMetrics(reader);

                assertThat(health.path("available").asBoolean()).isTrue();
                assertThat(health.path("state").asText()).isEqualTo("RUNNING");
                assertThat(health.path("job").path("name").asText()).isEqualTo("health probe");
                assertThat(health.path("job").path("id").asText())
                        .isEqualTo(job.getJobID().toString());
                assertThat(health.path("restarts").asLong()).isZero();
                assertThat(health.path("checkpoints").path("completed").asLong()).isPositive();
                assertThat(health.path("checkpoints").path("latestCompletedAt").asText())
                        .isNotEmpty();
                assertThat(health.path("eventsValid").asLong()).isPositive();
                assertThat(health.path("deadLetters").path("NOT_JSON").asLong()).isPositive();
                assertThat(health.path("deadLetters").path("EMPTY").asLong()).isZero();
            } finally {
                job.cancel().get();
            }
        }
    }

    /** The cached answer, once Flink's metric fetcher has the operators' counts. */
    private static ObjectNode awaitMetrics(FlinkHealth reader) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        ObjectNode health = reader.current();
        while (System.nanoTime() < deadline) {
            health = reader.current();
            JsonNode dead = health.path("deadLetters").path("NOT_JSON");
            if (health.path("eventsValid").asLong() > 0
                    && dead.asLong() > 0
                    && health.path("checkpoints").path("completed").asLong() > 0) {
                return health;
            }
            Thread.sleep(500);
        }
        return health;
    }

    /**
     * Registers its metrics as the job's dead-letter separation does (group {@code nudge}, the
     * reason as a key/value group), and counts every other number as a dead letter; slowly, so that
     * the job runs until cancelled without taking a core.
     */
    private static final class CountsLikeTheJob extends RichMapFunction<Long, Long> {
        private transient Counter valid;
        private transient Counter notJson;

        @Override
        public void open(OpenContext context) {
            MetricGroup nudge = getRuntimeContext().getMetricGroup().addGroup("nudge");
            valid = nudge.counter("eventsValid");
            notJson = nudge.addGroup("reason", "NOT_JSON").counter("deadLetters");
            nudge.addGroup("reason", "EMPTY").counter("deadLetters");
        }

        @Override
        public Long map(Long value) throws Exception {
            Thread.sleep(20);
            (value % 2 == 0 ? valid : notJson).inc();
            return value;
        }
    }
}
