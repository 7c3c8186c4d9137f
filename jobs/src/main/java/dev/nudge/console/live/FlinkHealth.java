package dev.nudge.console.live;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The job's health as Flink's REST API tells it: the job (a RUNNING one if there is one, else the
 * newest), its state and start, how often it restarted, its checkpoints, and from its operators'
 * metrics the events it took and the dead letters by reason.
 *
 * <p>Every call waits at most {@value #TIMEOUT_SECONDS} s, and an answer is kept for {@value
 * #CACHE_SECONDS} s, so that pages polling together cost Flink a handful of requests every few
 * seconds. Which operator metrics are Nudge's is learnt from each vertex's list of metric names (an
 * operator's metric is named {@code <operator>.nudge.eventsValid}, a dead-letter counter {@code
 * <operator>.nudge.reason.<REASON>.deadLetters}, as its key/value group puts the reason in the
 * name), relearnt every {@value #NAMES_SECONDS} s; then one request per vertex sums them over its
 * subtasks ({@code agg=sum}). Flink's REST fetches metrics every 10 s by default, so they lag that
 * much.
 *
 * <p>Never throws: without {@code --flink}, or when Flink does not answer, the answer says so in
 * words, {@code {"available": false, "why": "..."}}.
 */
public final class FlinkHealth {
    static final int TIMEOUT_SECONDS = 2;
    static final int CACHE_SECONDS = 2;
    static final int NAMES_SECONDS = 60;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DEAD_LETTERS =
            Pattern.compile("(?:^|\\.)nudge\\.reason\\.([A-Za-z0-9_]+)\\.deadLetters$");
    private static final Pattern EVENTS_VALID = Pattern.compile("(?:^|\\.)nudge\\.eventsValid$");

    private final Optional<URI> flink;
    private final HttpClient http;
    private final LongSupplier nanos;
    private ObjectNode cached;
    private long cachedAt;
    private String namesOfJob;
    private long namesAt;
    private Map<String, List<String>> namesByVertex = Map.of();

    /**
     * @param flink Flink's REST address, e.g. {@code http://flink:8081}; empty when not given
     */
    public FlinkHealth(Optional<URI> flink) {
        this(
                flink,
                HttpClient.newBuilder()
                        .connectTimeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build(),
                System::nanoTime);
    }

    FlinkHealth(Optional<URI> flink, HttpClient http, LongSupplier nanos) {
        this.flink = flink.map(FlinkHealth::withoutTrailingSlash);
        this.http = http;
        this.nanos = nanos;
    }

    /** The job's health now, or at most {@value #CACHE_SECONDS} s ago. */
    public synchronized ObjectNode current() {
        long now = nanos.getAsLong();
        if (cached != null && now - cachedAt < Duration.ofSeconds(CACHE_SECONDS).toNanos()) {
            return cached;
        }
        cached = read();
        cachedAt = nanos.getAsLong();
        return cached;
    }

    private ObjectNode read() {
        if (flink.isEmpty()) {
            return unavailable(
                    "Flink not connected: start the console with --flink URL (Flink's REST"
                            + " address, e.g. http://flink:8081) to see the job's health");
        }
        try {
            return health(flink.get());
        } catch (HttpTimeoutException e) {
            return unavailable(
                    "Flink at " + flink.get() + " did not answer within " + TIMEOUT_SECONDS + " s");
        } catch (ConnectException e) {
            return unavailable(
                    "Flink at " + flink.get() + " cannot be reached: is the address right?");
        } catch (IOException e) {
            return unavailable("Flink at " + flink.get() + " did not answer: " + words(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return unavailable("the console is stopping");
        } catch (RuntimeException e) {
            return unavailable(
                    "Flink at "
                            + flink.get()
                            + " answered what the console cannot read: "
                            + words(e));
        }
    }

    private ObjectNode health(URI base) throws IOException, InterruptedException {
        JsonNode jobs = get(base, "/jobs/overview").path("jobs");
        JsonNode job = pick(jobs);
        ObjectNode health = JSON.createObjectNode().put("available", true);
        if (job == null) {
            health.putNull("job");
            health.put("why", "Flink at " + base + " runs no job");
            return health;
        }
        String id = job.path("jid").asText();
        String path = "/jobs/" + encode(id);
        ObjectNode about = health.putObject("job");
        about.put("id", id);
        about.put("name", job.path("name").asText(""));
        about.put("state", job.path("state").asText("UNKNOWN"));
        long start = job.path("start-time").asLong(-1);
        if (start > 0) {
            about.put("startedAt", Instant.ofEpochMilli(start).toString());
        }
        health.put("state", job.path("state").asText("UNKNOWN"));
        JsonNode restarts = metric(get(base, path + "/metrics?get=numRestarts"), "numRestarts");
        if (restarts != null) {
            health.put("restarts", restarts.asLong());
        } else {
            health.putNull("restarts");
        }
        health.set("checkpoints", checkpoints(get(base, path + "/checkpoints")));
        operatorMetrics(base, path, id, health);
        return health;
    }

    /** A RUNNING job if there is one, else the newest (by start time); null when there is none. */
    private static JsonNode pick(JsonNode jobs) {
        JsonNode chosen = null;
        for (JsonNode job : jobs) {
            boolean running = "RUNNING".equals(job.path("state").asText());
            if (chosen == null) {
                chosen = job;
                continue;
            }
            boolean chosenRunning = "RUNNING".equals(chosen.path("state").asText());
            if (running && !chosenRunning
                    || running == chosenRunning
                            && job.path("start-time").asLong()
                                    > chosen.path("start-time").asLong()) {
                chosen = job;
            }
        }
        return chosen;
    }

    private static ObjectNode checkpoints(JsonNode stats) {
        ObjectNode checkpoints = JSON.createObjectNode();
        JsonNode counts = stats.path("counts");
        checkpoints.put("completed", counts.path("completed").asLong());
        checkpoints.put("failed", counts.path("failed").asLong());
        checkpoints.put("inProgress", counts.path("in_progress").asLong());
        JsonNode completed = stats.path("latest").path("completed");
        if (completed.isObject()) {
            long at = completed.path("latest_ack_timestamp").asLong(-1);
            if (at > 0) {
                checkpoints.put("latestCompletedAt", Instant.ofEpochMilli(at).toString());
            }
            checkpoints.put("latestDurationMillis", completed.path("end_to_end_duration").asLong());
        }
        JsonNode failed = stats.path("latest").path("failed");
        if (failed.isObject()) {
            long at = failed.path("failure_timestamp").asLong(-1);
            if (at > 0) {
                checkpoints.put("latestFailedAt", Instant.ofEpochMilli(at).toString());
            }
            String message = failed.path("failure_message").asText(null);
            if (message != null) {
                checkpoints.put("latestFailure", firstLine(message));
            }
        }
        return checkpoints;
    }

    /** {@code eventsValid} and {@code deadLetters} by reason, summed over all subtasks. */
    private void operatorMetrics(URI base, String path, String jobId, ObjectNode health)
            throws IOException, InterruptedException {
        long now = nanos.getAsLong();
        if (!jobId.equals(namesOfJob)
                || now - namesAt > Duration.ofSeconds(NAMES_SECONDS).toNanos()
                || namesByVertex.isEmpty()) {
            Map<String, List<String>> names = new HashMap<>();
            for (JsonNode vertex : get(base, path).path("vertices")) {
                String vertexId = vertex.path("id").asText();
                List<String> ours = new ArrayList<>();
                for (JsonNode metric :
                        get(base, path + "/vertices/" + encode(vertexId) + "/subtasks/metrics")) {
                    String name = metric.path("id").asText();
                    if (DEAD_LETTERS.matcher(name).find() || EVENTS_VALID.matcher(name).find()) {
                        ours.add(name);
                    }
                }
                if (!ours.isEmpty()) {
                    names.put(vertexId, ours);
                }
            }
            namesByVertex = names;
            namesOfJob = jobId;
            namesAt = now;
        }
        Map<String, Long> deadLetters = new TreeMap<>();
        long eventsValid = 0;
        boolean anyValid = false;
        for (Map.Entry<String, List<String>> vertex : namesByVertex.entrySet()) {
            JsonNode sums =
                    get(
                            base,
                            path
                                    + "/vertices/"
                                    + encode(vertex.getKey())
                                    + "/subtasks/metrics?agg=sum&get="
                                    + encode(String.join(",", vertex.getValue())));
            for (JsonNode metric : sums) {
                String name = metric.path("id").asText();
                long sum = Math.round(metric.path("sum").asDouble());
                Matcher reason = DEAD_LETTERS.matcher(name);
                if (reason.find()) {
                    deadLetters.merge(reason.group(1), sum, Long::sum);
                } else if (EVENTS_VALID.matcher(name).find()) {
                    eventsValid += sum;
                    anyValid = true;
                }
            }
        }
        if (anyValid) {
            health.put("eventsValid", eventsValid);
        } else {
            health.putNull("eventsValid");
        }
        ObjectNode byReason = health.putObject("deadLetters");
        deadLetters.forEach(byReason::put);
        if (namesByVertex.isEmpty()) {
            health.put(
                    "metricsWhy",
                    "no operator of this job reports Nudge's metrics (yet): Flink's REST API"
                            + " fetches them every few seconds");
        }
    }

    private JsonNode get(URI base, String path) throws IOException, InterruptedException {
        HttpRequest request =
                HttpRequest.newBuilder(URI.create(base + path))
                        .timeout(Duration.ofSeconds(TIMEOUT_SECONDS))
                        .header("Accept", "application/json")
                        .GET()
                        .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IOException(
                    "GET " + path.replaceAll("\\?.*", "") + " answered " + response.statusCode());
        }
        return JSON.readTree(response.body());
    }

    private static JsonNode metric(JsonNode metrics, String name) {
        for (JsonNode metric : metrics) {
            if (name.equals(metric.path("id").asText())) {
                JsonNode value = metric.path("value");
                return value.isMissingNode() ? null : value;
            }
        }
        return null;
    }

    private static ObjectNode unavailable(String why) {
        return JSON.createObjectNode().put("available", false).put("why", why);
    }

    private static String words(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank()
                ? e.getClass().getSimpleName()
                : firstLine(message);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        return line.length() <= 300 ? line : line.substring(0, 299) + "…";
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static URI withoutTrailingSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }
}
