package dev.nudge.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Flink session cluster of separate JVM processes on 127.0.0.1, started the way Flink's own
 * scripts start one (a {@code config.yaml}, {@code BashJavaUtils} for the memory options, the Java
 * 17 module options), from the Flink jars of the test classpath; and a Kafka broker in a process of
 * its own. Every process logs to a file in the cluster's directory and is killed when the cluster
 * closes, or when the test JVM exits.
 */
final class StandaloneCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StandaloneCluster.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Process> ALL = new CopyOnWriteArrayList<>();

    static {
        Runtime.getRuntime()
                .addShutdownHook(new Thread(() -> ALL.forEach(Process::destroyForcibly)));
    }

    /** The module options of Flink 2.x's {@code env.java.default-opts.all}. */
    private static final List<String> JAVA_17_OPTIONS =
            List.of(
                    "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
                    "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.api=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.parser=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.tree=ALL-UNNAMED",
                    "--add-exports=jdk.compiler/com.sun.tools.javac.util=ALL-UNNAMED",
                    "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang=ALL-UNNAMED",
                    "--add-opens=java.base/java.net=ALL-UNNAMED",
                    "--add-opens=java.base/java.io=ALL-UNNAMED",
                    "--add-opens=java.base/java.nio=ALL-UNNAMED",
                    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
                    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
                    "--add-opens=java.base/java.text=ALL-UNNAMED",
                    "--add-opens=java.base/java.time=ALL-UNNAMED",
                    "--add-opens=java.base/java.util=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
                    "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path directory;
    private final Path configDir;
    private final String flinkClasspath;
    private final String testClasspath;
    private final int restPort;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private int taskManagersStarted;

    /** The first of the {@link #METRICS_PORTS} ports the processes' Prometheus reporters use. */
    private int metricsPorts;

    private static final int METRICS_PORTS = 12;

    /**
     * Writes the configuration; starts nothing yet.
     *
     * @param slots task slots per TaskManager
     * @param parallelism the default parallelism of jobs
     */
    StandaloneCluster(Path directory, int slots, int parallelism) throws IOException {
        this.directory = directory;
        this.configDir = Files.createDirectories(directory.resolve("conf"));
        List<String> classpath = expandedClasspath();
        this.testClasspath = String.join(File.pathSeparator, classpath);
        this.flinkClasspath =
                String.join(
                        File.pathSeparator,
                        classpath.stream().filter(StandaloneCluster::belongsToFlink).toList());
        this.restPort = freePort();
        Path checkpoints = Files.createDirectories(directory.resolve("checkpoints"));
        Path savepoints = Files.createDirectories(directory.resolve("savepoints"));
        Path uploads = Files.createDirectories(directory.resolve("uploads"));
        Map<String, String> conf = new LinkedHashMap<>();
        // The processes' working and temporary directories are this cluster's own: by default
        // they are /tmp/tm_<resource id>, shared with every other run on the machine, and a
        // TaskManager finds there the slots of another run's job.
        conf.put(
                "process.working-dir",
                Files.createDirectories(directory.resolve("work")).toString());
        conf.put("io.tmp.dirs", Files.createDirectories(directory.resolve("tmp")).toString());
        conf.put("jobmanager.rpc.address", "127.0.0.1");
        conf.put("jobmanager.bind-host", "127.0.0.1");
        conf.put("jobmanager.rpc.port", Integer.toString(freePort()));
        conf.put("rest.address", "127.0.0.1");
        conf.put("rest.bind-address", "127.0.0.1");
        conf.put("rest.port", Integer.toString(restPort));
        // the shaded job jar is larger than the default 100 MiB a request may carry
        conf.put("rest.server.max-content-length", Integer.toString(512 << 20));
        conf.put("web.upload.dir", uploads.toString());
        conf.put("blob.server.port", Integer.toString(freePort()));
        conf.put("taskmanager.host", "127.0.0.1");
        conf.put("taskmanager.bind-host", "127.0.0.1");
        conf.put("taskmanager.rpc.port", "0");
        conf.put("taskmanager.numberOfTaskSlots", Integer.toString(slots));
        conf.put("parallelism.default", Integer.toString(parallelism));
        conf.put("jobmanager.memory.process.size", "800m");
        conf.put("taskmanager.memory.process.size", "1200m");
        conf.put("taskmanager.memory.managed.fraction", "0.2");
        conf.put("taskmanager.memory.network.min", "32m");
        conf.put("taskmanager.memory.network.max", "32m");
        conf.put("state.backend.type", "rocksdb");
        conf.put("state.backend.rocksdb.timer-service.factory", "HEAP");
        conf.put("execution.checkpointing.incremental", "true");
        conf.put("execution.checkpointing.interval", "1s");
        conf.put("execution.checkpointing.dir", checkpoints.toUri().toString());
        conf.put("execution.checkpointing.savepoint-dir", savepoints.toUri().toString());
        conf.put("restart-strategy.type", "fixed-delay");
        conf.put("restart-strategy.fixed-delay.attempts", "50");
        conf.put("restart-strategy.fixed-delay.delay", "1s");
        conf.put("pipeline.generic-types", "false");
        // Flink's Prometheus reporter, as k8s/flink-deployment.yaml configures it; each process
        // takes a free port of the range.
        conf.put(
                "metrics.reporter.prom.factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        this.metricsPorts = freePort();
        conf.put(
                "metrics.reporter.prom.port",
                metricsPorts + "-" + (metricsPorts + METRICS_PORTS - 1));
        // a TaskManager killed with SIGKILL is noticed within seconds, not the default 50
        conf.put("heartbeat.interval", "1000");
        conf.put("heartbeat.timeout", "5000");
        conf.put("classloader.check-leaked-classloader", "false");
        StringBuilder yaml = new StringBuilder();
        conf.forEach((k, v) -> yaml.append(k).append(": ").append(quoted(v)).append('\n'));
        Files.writeString(configDir.resolve("config.yaml"), yaml.toString());
        Files.writeString(
                configDir.resolve("log4j.properties"),
                """
                rootLogger.level = INFO
                rootLogger.appenderRef.file.ref = MainAppender
                appender.main.name = MainAppender
                appender.main.type = File
                appender.main.append = true
                appender.main.fileName = ${sys:log.file}
                appender.main.layout.type = PatternLayout
                appender.main.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-60c %x - %m%n
                logger.kafka.name = org.apache.kafka
                logger.kafka.level = WARN
                """);
    }

    String restAddress() {
        return "http://127.0.0.1:" + restPort;
    }

    /** Starts the JobManager and waits until its REST API answers. */
    void startJobManager() throws Exception {
        start(
                "jobmanager",
                "GET_JM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
                List.of());
        awaitRest("/overview", overview -> true, Duration.ofSeconds(90));
    }

    /** Starts a TaskManager named {@code tm-N} (its resource id); returns the name. */
    String startTaskManager() throws Exception {
        String name = "tm-" + (++taskManagersStarted);
        start(
                name,
                "GET_TM_RESOURCE_PARAMS",
                "org.apache.flink.runtime.taskexecutor.TaskManagerRunner",
                List.of("-D", "taskmanager.resource-id=" + name));
        return name;
    }

    /** Waits until exactly {@code count} TaskManagers are registered. */
    void awaitTaskManagers(int count) throws Exception {
        awaitRest(
                "/taskmanagers",
                tms -> tms.get("taskmanagers").size() == count,
                Duration.ofSeconds(90));
    }

    /** Kills a process with SIGKILL and waits for its end. */
    void kill(String name) throws InterruptedException {
        Process process = processes.remove(name);
        process.destroyForcibly();
        process.waitFor();
        LOG.info("Killed {} (pid {}) with SIGKILL", name, process.pid());
    }

    /**
     * Starts a Kafka broker in its own JVM with the job's topics; returns its bootstrap address.
     */
    String startKafka(int partitions) throws Exception {
        Path log = directory.resolve("kafka.out");
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(List.of("-Xmx512m", "-cp", testClasspath));
        command.add("-Dlog4j2.configurationFile=log4j2-test.xml");
        command.add(KafkaBrokerMain.class.getName());
        command.add(Integer.toString(partitions));
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
        register("kafka", process);
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.startsWith(KafkaBrokerMain.READY)) {
                    return line.substring(KafkaBrokerMain.READY.length()).trim();
                }
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Kafka broker did not start:\n" + tail(log, 40));
    }

    private void start(String name, String resourceCommand, String mainClass, List<String> extra)
            throws Exception {
        List<String> params = resourceParams(resourceCommand);
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(split(params.get(0)));
        command.addAll(JAVA_17_OPTIONS);
        command.add("-Dlog.file=" + directory.resolve(name + ".log"));
        command.add("-Dlog4j.configurationFile=" + configDir.resolve("log4j.properties").toUri());
        command.add("-Dlog4j2.configurationFile=" + configDir.resolve("log4j.properties").toUri());
        command.addAll(
                List.of("-cp", flinkClasspath, mainClass, "--configDir", configDir.toString()));
        command.addAll(split(params.get(1)));
        command.addAll(extra);
        Process process =
                new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve(name + ".out").toFile())
                        .start();
        register(name, process);
        LOG.info("Started {} (pid {})", name, process.pid());
    }

    private void register(String name, Process process) {
        ALL.add(process);
        processes.put(name, process);
    }

    /** What Flink's scripts get from {@code BashJavaUtils}: JVM options, then dynamic options. */
    private List<String> resourceParams(String command) throws Exception {
        Process process =
                new ProcessBuilder(
                                java(),
                                "-cp",
                                flinkClasspath,
                                "org.apache.flink.runtime.util.bash.BashJavaUtils",
                                command,
                                "--configDir",
                                configDir.toString())
                        .redirectErrorStream(true)
                        .start();
        ALL.add(process);
        List<String> output = new ArrayList<>();
        List<String> results = new ArrayList<>();
        try (BufferedReader reader =
                new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                output.add(line);
                if (line.startsWith("BASH_JAVA_UTILS_EXEC_RESULT:")) {
                    results.add(line.substring("BASH_JAVA_UTILS_EXEC_RESULT:".length()));
                }
            }
        }
        int code = process.waitFor();
        ALL.remove(process);
        if (code != 0 || results.size() < 2) {
            throw new IllegalStateException(
                    "BashJavaUtils " + command + " failed:\n" + String.join("\n", output));
        }
        LOG.info("{}: JVM {} / dynamic {}", command, results.get(0), results.get(1));
        return results.subList(results.size() - 2, results.size());
    }

    // ---- REST

    JsonNode get(String path) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restAddress() + path))
                                .timeout(Duration.ofSeconds(30))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return checked("GET " + path, response);
    }

    JsonNode post(String path, Object body) throws IOException, InterruptedException {
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restAddress() + path))
                                .timeout(Duration.ofSeconds(120))
                                .header("Content-Type", "application/json")
                                .POST(
                                        HttpRequest.BodyPublishers.ofString(
                                                JSON.writeValueAsString(body)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        return checked("POST " + path, response);
    }

    /** {@code POST /jars/upload}; returns the id of the uploaded jar. */
    String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "----nudge" + System.nanoTime();
        byte[] head =
                ("--"
                                + boundary
                                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                                + jar.getFileName()
                                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                        .getBytes(StandardCharsets.UTF_8);
        byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response =
                http.send(
                        HttpRequest.newBuilder(URI.create(restAddress() + "/jars/upload"))
                                .timeout(Duration.ofMinutes(3))
                                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                                .POST(
                                        HttpRequest.BodyPublishers.concat(
                                                HttpRequest.BodyPublishers.ofByteArray(head),
                                                HttpRequest.BodyPublishers.ofFile(jar),
                                                HttpRequest.BodyPublishers.ofByteArray(tail)))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        String file = checked("POST /jars/upload", response).get("filename").asText();
        return Path.of(file).getFileName().toString();
    }

    JsonNode awaitRest(String path, Predicate<JsonNode> condition, Duration patience)
            throws Exception {
        long deadline = System.nanoTime() + patience.toNanos();
        Exception last = null;
        JsonNode answer = null;
        while (System.nanoTime() < deadline) {
            try {
                answer = get(path);
                if (condition.test(answer)) {
                    return answer;
                }
            } catch (IOException | IllegalStateException e) {
                last = e;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(
                "GET " + path + " did not reach the expected state; last answer " + answer, last);
    }

    private static JsonNode checked(String what, HttpResponse<String> response) throws IOException {
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    what + ": HTTP " + response.statusCode() + " " + response.body());
        }
        return response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
    }

    /**
     * What Prometheus would scrape now: the text of every reporter of the cluster's processes
     * (JobManager and live TaskManagers), one after the other.
     */
    String scrapeMetrics() throws InterruptedException {
        StringBuilder all = new StringBuilder();
        for (int port = metricsPorts; port < metricsPorts + METRICS_PORTS; port++) {
            try {
                HttpResponse<String> response =
                        http.send(
                                HttpRequest.newBuilder(
                                                URI.create("http://127.0.0.1:" + port + "/metrics"))
                                        .timeout(Duration.ofSeconds(5))
                                        .build(),
                                HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    all.append(response.body());
                }
            } catch (IOException e) {
                // No reporter on this port.
            }
        }
        return all.toString();
    }

    // ---- diagnostics and shutdown

    /** The last lines of every process's log, for a failure's message. */
    String logTails(int lines) {
        StringBuilder text = new StringBuilder();
        try (var files = Files.list(directory)) {
            for (Path file :
                    files.filter(
                                    f ->
                                            f.toString().endsWith(".log")
                                                    || f.toString().endsWith(".out"))
                            .sorted()
                            .toList()) {
                text.append("\n===== ").append(file).append('\n').append(tail(file, lines));
            }
        } catch (IOException e) {
            text.append("cannot list ").append(directory).append(": ").append(e);
        }
        return text.toString();
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    @Override
    public void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        java.util.Collections.reverse(names);
        for (String name : names) {
            Process process = processes.remove(name);
            if (name.equals("kafka")) {
                try {
                    process.getOutputStream().close(); // asks the broker to stop cleanly
                    if (process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
                        ALL.remove(process);
                        continue;
                    }
                } catch (IOException | InterruptedException e) {
                    // killed below
                }
            }
            process.destroyForcibly();
            try {
                process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            ALL.remove(process);
        }
    }

    // ---- helpers

    /** The test classpath, entry by entry: failsafe may pass it as the manifest of a booter jar. */
    private static List<String> expandedClasspath() throws IOException {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.endsWith(".jar") && new File(entry).getName().startsWith("surefirebooter")) {
                try (JarFile jar = new JarFile(entry)) {
                    Manifest manifest = jar.getManifest();
                    String classPath = manifest.getMainAttributes().getValue("Class-Path");
                    URI base = new File(entry).toURI();
                    for (String url : classPath.trim().split("\\s+")) {
                        entries.add(new File(base.resolve(url)).getPath());
                    }
                }
            } else {
                entries.add(entry);
            }
        }
        return entries;
    }

    /**
     * Whether a classpath entry belongs on the cluster's classpath: Flink and its dependencies, not
     * what the job's shaded jar brings (the project's classes, the Kafka connector and clients, the
     * broker), as on a real cluster where the user code class loader loads those.
     */
    private static boolean belongsToFlink(String entry) {
        String path = entry.replace('\\', '/');
        return !(path.contains("/target/classes")
                || path.contains("/target/test-classes")
                || path.contains("/dev/nudge/")
                || path.contains("nudge-patterns")
                || path.contains("/org/apache/kafka/")
                || path.contains("flink-connector-kafka")
                || path.contains("/org/scala-lang/")
                || path.contains("/org/junit/")
                || path.contains("/org/assertj/"));
    }

    private static List<String> split(String options) {
        return Arrays.stream(options.trim().split("\\s+")).filter(s -> !s.isEmpty()).toList();
    }

    private static String quoted(String value) {
        return value.matches("[A-Za-z0-9._:/-]+") ? value : "\"" + value + "\"";
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
