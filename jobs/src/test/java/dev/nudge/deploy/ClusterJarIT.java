package dev.nudge.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/**
 * The job jar of the cluster image ({@code k8s/Dockerfile}), as the build packages it: Nudge and
 * what a Flink image does not provide, nothing of Flink's own runtime, its RocksDB, its logging or
 * the demo's Kafka broker, and a fraction of the size of the jar for laptops.
 */
class ClusterJarIT {
    private static final Path THIN = Path.of("target", "nudge-job.jar");
    private static final Path FULL = Path.of("target", "nudge.jar");

    /** The most the thin jar may weigh: it was 16.8 MB when it was made. */
    private static final long MAX_BYTES = 25L * 1024 * 1024;

    @Test
    void theClusterJarCarriesTheJobAndWhatFlinkDoesNotShip() throws IOException {
        try (JarFile jar = new JarFile(THIN.toFile())) {
            assertThat(jar.getManifest().getMainAttributes().getValue("Main-Class"))
                    .isEqualTo("dev.nudge.cli.NudgeCli");
            assertThat(
                            List.of(
                                    "dev/nudge/job/NudgeJob.class",
                                    "dev/nudge/journey/JourneyEngine.class",
                                    "org/apache/flink/connector/kafka/sink/KafkaSink.class",
                                    "org/apache/flink/cep/CEP.class",
                                    "org/apache/kafka/clients/consumer/KafkaConsumer.class",
                                    "com/fasterxml/jackson/dataformat/yaml/YAMLFactory.class",
                                    "picocli/CommandLine.class",
                                    "linux/amd64/libzstd-jni-1.5.6-10.so",
                                    "linux/aarch64/libzstd-jni-1.5.6-10.so"))
                    .allSatisfy(name -> assertThat(jar.getEntry(name)).as(name).isNotNull());
        }
    }

    @Test
    void theClusterJarLeavesOutWhatTheFlinkImageProvidesAndTheDemosBroker() throws IOException {
        try (JarFile jar = new JarFile(THIN.toFile())) {
            List<String> names = jar.stream().map(ZipEntry::getName).toList();

            assertThat(names)
                    .noneMatch(n -> n.startsWith("org/apache/flink/runtime/"))
                    .noneMatch(n -> n.startsWith("org/apache/flink/streaming/api/"))
                    .noneMatch(n -> n.startsWith("org/rocksdb/"))
                    .noneMatch(n -> n.startsWith("org/apache/logging/log4j/"))
                    .noneMatch(n -> n.startsWith("org/slf4j/"))
                    .noneMatch(n -> n.startsWith("kafka/server/"))
                    .noneMatch(n -> n.startsWith("org/apache/kafka/raft/"))
                    .noneMatch(n -> n.startsWith("org/apache/kafka/metadata/"))
                    .noneMatch(n -> n.startsWith("scala/"))
                    .noneMatch(n -> n.startsWith("dev/nudge/demo/EmbeddedKafka"))
                    .noneMatch(n -> n.startsWith("win/") || n.startsWith("darwin/"));
        }
    }

    @Test
    void theClusterJarIsAFractionOfTheFullOne() throws IOException {
        long thin = Files.size(THIN);
        long full = Files.size(FULL);

        assertThat(thin).isLessThan(MAX_BYTES);
        assertThat(thin * 5).as("thin %,d B, full %,d B", thin, full).isLessThan(full);
    }
}
