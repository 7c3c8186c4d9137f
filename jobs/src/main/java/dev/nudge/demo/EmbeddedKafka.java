package dev.nudge.demo;

import dev.nudge.job.JobSettings;
import dev.nudge.job.Output;
import dev.nudge.job.Outputs;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker (KRaft, combined broker and controller) running inside this JVM
 * on 127.0.0.1, with its data in a temporary directory that {@link #close()} deletes. Used by the
 * demo and by integration tests; there is no Docker on the build machines.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static int running;

    private final Path directory;
    private final int port;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(Path directory, int port, KafkaRaftServer server) {
        this.directory = directory;
        this.port = port;
        this.server = server;
    }

    /** Starts a broker on free ports, retrying if a probed port is taken meanwhile. */
    public static EmbeddedKafka start() throws IOException {
        return start(Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Starts a broker on free ports with its data in a new directory under {@code parent}, which
     * {@link #close()} deletes.
     */
    public static EmbeddedKafka start(Path parent) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                return startOnce(parent);
            } catch (RuntimeException | IOException e) {
                if (attempt == 3 || !causedByBind(e)) {
                    throw e;
                }
                LOG.info("Port taken while starting Kafka, retrying: {}", e.getMessage());
            }
        }
    }

    private static EmbeddedKafka startOnce(Path parent) throws IOException {
        Path directory = Files.createTempDirectory(parent, "nudge-kafka-");
        guardExit();
        try {
            int[] ports = freePorts();
            KafkaConfig config = KafkaConfig.fromProps(brokerProperties(directory, ports), false);
            format(config);
            KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
            try {
                server.startup();
            } catch (RuntimeException e) {
                server.shutdown();
                server.awaitShutdown();
                throw e;
            }
            LOG.info("Kafka broker listening on 127.0.0.1:{}, data in {}", ports[0], directory);
            return new EmbeddedKafka(directory, ports[0], server);
        } catch (RuntimeException | IOException e) {
            FileUtils.deleteDirectory(directory.toFile());
            releaseExit();
            throw e;
        }
    }

    private static Properties brokerProperties(Path directory, int[] ports) {
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", Integer.toString(NODE_ID));
        p.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + ports[1]);
        p.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + ports[0] + ",CONTROLLER://127.0.0.1:" + ports[1]);
        p.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + ports[0]);
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("log.dirs", directory.resolve("data").toString());
        p.put("num.partitions", "1");
        p.put("default.replication.factor", "1");
        p.put("min.insync.replicas", "1");
        p.put("offsets.topic.replication.factor", "1");
        p.put("offsets.topic.num.partitions", "1");
        p.put("transaction.state.log.replication.factor", "1");
        p.put("transaction.state.log.min.isr", "1");
        p.put("transaction.state.log.num.partitions", "1");
        p.put("share.coordinator.state.topic.replication.factor", "1");
        p.put("share.coordinator.state.topic.min.isr", "1");
        p.put("group.initial.rebalance.delay.ms", "0");
        // The default 128 MiB cleaner buffer is allocated up front; 2 MiB is plenty here.
        p.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        p.put("controlled.shutdown.enable", "false");
        return p;
    }

    /** What {@code kafka-storage.sh format} does, for a static single-voter quorum. */
    private static void format(KafkaConfig config) {
        try {
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(config.nodeId())
                    .setClusterId(Uuid.randomUuid().toString())
                    .setReleaseVersion(MetadataVersion.latestProduction())
                    .setUnstableFeatureVersionsEnabled(false)
                    .setControllerListenerName(config.controllerListenerNames().get(0))
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setHasDynamicQuorum(false)
                    .setDirectories(config.logDirs())
                    .addDirectory(config.metadataLogDir())
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("cannot format the Kafka log directory", e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates topics with the given partition counts, replication factor 1. */
    public void createTopics(Map<String, Integer> partitionsByTopic) {
        List<NewTopic> topics = new ArrayList<>();
        partitionsByTopic.forEach(
                (name, partitions) -> topics.add(new NewTopic(name, partitions, (short) 1)));
        create(topics);
    }

    private void create(List<NewTopic> topics) {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrapServers()))) {
            admin.createTopics(topics).all().get();
            awaitLeaders(admin, topics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    "cannot create topics " + topics.stream().map(NewTopic::name).toList(), e);
        }
    }

    /**
     * Waits until the broker takes writes to every partition of {@code topics}, which a listing of
     * offsets proves: the metadata names a new partition's leader a moment before the leader takes
     * writes. An idempotent producer whose first batch to a partition is refused in that moment,
     * while its next batches are taken, can never deliver that batch (the broker answers {@code
     * OutOfOrderSequenceException} to each retry) and holds back the partition, and with it the
     * job's event time, for good.
     */
    private static void awaitLeaders(Admin admin, List<NewTopic> topics)
            throws InterruptedException, ExecutionException {
        Map<TopicPartition, OffsetSpec> partitions = new HashMap<>();
        for (NewTopic topic : topics) {
            for (int p = 0; p < topic.numPartitions(); p++) {
                partitions.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            try {
                admin.listOffsets(partitions).all().get();
                return;
            } catch (ExecutionException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    /**
     * Creates the job's topics: events and every output's topic ({@link Outputs}) with {@code
     * partitions}, compacted ones compacted; dead letters and the control topics with one, since
     * they carry few records and the answers keep the order of the documents.
     */
    public void createTopics(JobSettings.Topics topics, int partitions) {
        Set<String> few = Set.of(topics.deadLetters(), topics.control(), topics.controlAcks());
        List<NewTopic> created = new ArrayList<>();
        created.add(new NewTopic(topics.events(), partitions, (short) 1));
        created.add(new NewTopic(topics.control(), 1, (short) 1));
        for (Output.Topic topic : Outputs.topics()) {
            String name = topic.in(topics);
            NewTopic newTopic = new NewTopic(name, few.contains(name) ? 1 : partitions, (short) 1);
            created.add(
                    topic.compacted()
                            ? newTopic.configs(Map.of("cleanup.policy", "compact"))
                            : newTopic);
        }
        create(created);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            server.shutdown();
            server.awaitShutdown();
        } finally {
            try {
                FileUtils.deleteDirectory(directory.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                releaseExit();
            }
        }
    }

    /**
     * Kafka halts the JVM on faults it deems fatal (a controller port taken, a failed log
     * directory). Inside the demo or a test that would kill everything without cleanup, so while a
     * broker runs such requests are logged instead, and the failure surfaces as an exception.
     */
    private static synchronized void guardExit() {
        if (running++ > 0) {
            return;
        }
        Exit.Procedure log =
                (code, message) ->
                        LOG.error("Kafka asked to stop the JVM with status {}: {}", code, message);
        Exit.setHaltProcedure(log);
        Exit.setExitProcedure(log);
    }

    private static synchronized void releaseExit() {
        if (--running > 0) {
            return;
        }
        Exit.resetHaltProcedure();
        Exit.resetExitProcedure();
    }

    private static boolean causedByBind(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private static int[] freePorts() throws IOException {
        try (ServerSocket a = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                ServerSocket b = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return new int[] {a.getLocalPort(), b.getLocalPort()};
        }
    }
}
