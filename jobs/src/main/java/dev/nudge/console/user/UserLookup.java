package dev.nudge.console.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.console.ConsolePart;
import dev.nudge.console.ConsoleReply;
import dev.nudge.console.ConsoleRequest;
import dev.nudge.console.ConsoleServer;
import dev.nudge.console.ConsoleSources;
import dev.nudge.console.user.UserScan.Limits;
import dev.nudge.console.user.UserScan.Result;
import dev.nudge.console.user.UserScan.Seen;
import dev.nudge.console.user.UserScan.TopicScan;
import dev.nudge.event.EventParser;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;

/**
 * Explain a user: {@code GET /api/users/{userId}} answers the user's profile, recent decisions and
 * conversions, and why they did or did not get a message ({@link Explanation}). Read on demand from
 * the user's partitions only ({@link UserScan}); at most {@link #CONCURRENT} lookups run at once,
 * so that impatient clicking cannot open a Kafka client per click.
 */
public final class UserLookup implements ConsolePart {
    public static final String PATH = "/api/users/";

    /** Decisions in the answer, newest first. */
    public static final int SHOWN_DECISIONS = 30;

    static final int CONCURRENT = 2;

    /**
     * The answer.
     *
     * @param profile the latest profile record as the job wrote it, or null
     * @param profileState {@code found}, {@code erased} or {@code none}
     * @param decisions the latest {@link #SHOWN_DECISIONS}, newest first
     * @param conversions the latest conversion records as the job wrote them, newest first
     */
    public record Answer(
            String userId,
            JsonNode profile,
            String profileState,
            List<DecisionRow> decisions,
            List<JsonNode> conversions,
            Explanation explanation,
            Scanned scanned) {}

    /**
     * One decision as the table shows it.
     *
     * @param time the match's trigger time
     * @param writtenAt when Kafka took the decision (the job's wall clock)
     */
    public record DecisionRow(
            String time,
            String writtenAt,
            String patternId,
            String flowId,
            String step,
            String variant,
            String outcome,
            String suppressedBy,
            String channel,
            String actionId,
            String reason,
            String configVersion,
            String decisionId) {
        static DecisionRow of(Seen seen) {
            JsonNode d = seen.value();
            return new DecisionRow(
                    Explanation.text(d, "triggeredAt"),
                    seen.writtenAt() > 0 ? Instant.ofEpochMilli(seen.writtenAt()).toString() : null,
                    Explanation.text(d, "patternId"),
                    Explanation.text(d, "flowId"),
                    Explanation.text(d, "step"),
                    Explanation.text(d, "variant"),
                    Explanation.text(d, "outcome"),
                    Explanation.text(d, "suppressedBy"),
                    Explanation.text(d, "channel"),
                    Explanation.text(d, "actionId"),
                    Explanation.text(d, "reason"),
                    Explanation.text(d, "configVersion"),
                    Explanation.text(d, "decisionId"));
        }
    }

    /**
     * How much was read.
     *
     * @param records records read over the three topics (of every user on the partitions)
     * @param cutShort whether a bound stopped reading before the end of a topic
     * @param summary the same in one sentence
     */
    public record Scanned(
            long records,
            long millis,
            boolean cutShort,
            long maxRecordsPerTopic,
            long maxSeconds,
            long windowDays,
            String summary,
            List<TopicScan> topics) {}

    private final ConsoleSources sources;
    private final Limits limits;
    private final Clock clock;
    private final Semaphore running = new Semaphore(CONCURRENT);

    public UserLookup(ConsoleSources sources) {
        this(sources, Limits.DEFAULT, Clock.systemUTC());
    }

    public UserLookup(ConsoleSources sources, Limits limits, Clock clock) {
        this.sources = sources;
        this.limits = limits;
        this.clock = clock;
    }

    @Override
    public void register(ConsoleServer server) {
        server.get(PATH, this::lookUp);
    }

    ConsoleReply lookUp(ConsoleRequest request) throws InterruptedException {
        String userId = request.rest();
        String problem = problem(userId);
        if (problem != null) {
            return ConsoleReply.badRequest(problem);
        }
        if (!running.tryAcquire(limits.maxTime().toMillis(), TimeUnit.MILLISECONDS)) {
            return ConsoleReply.error(
                    503, CONCURRENT + " lookups are running already; try again in a moment");
        }
        try {
            Instant now = clock.instant();
            Result result =
                    UserScan.read(
                            sources.consumer(),
                            sources.topics(),
                            userId,
                            limits,
                            now.toEpochMilli());
            return ConsoleReply.json(answer(userId, result, now));
        } catch (UserScan.Unreachable e) {
            return ConsoleReply.error(503, e.getMessage());
        } catch (KafkaException e) {
            return ConsoleReply.error(
                    503,
                    "reading "
                            + userId
                            + "'s records failed: "
                            + e.getClass().getSimpleName().replace("Exception", "")
                            + (e.getMessage() == null ? "" : " - " + e.getMessage()));
        } finally {
            running.release();
        }
    }

    /** What is wrong with a user id, in words; null when it may be looked up. */
    static String problem(String userId) {
        if (userId == null || userId.isEmpty()) {
            return "give a user id: /api/users/<userId>";
        }
        if (userId.length() > EventParser.MAX_ID_LENGTH) {
            return "a user id has at most "
                    + EventParser.MAX_ID_LENGTH
                    + " characters; this one has "
                    + userId.length();
        }
        return null;
    }

    Answer answer(String userId, Result result, Instant now) {
        List<DecisionRow> decisions =
                result.decisions().stream().limit(SHOWN_DECISIONS).map(DecisionRow::of).toList();
        List<JsonNode> conversions = result.conversions().stream().map(Seen::value).toList();
        return new Answer(
                userId,
                result.profile(),
                result.profileState().name().toLowerCase(Locale.ROOT),
                decisions,
                conversions,
                Explanation.of(userId, result, now),
                scanned(result));
    }

    private Scanned scanned(Result result) {
        String partitions =
                String.join(
                        ", ",
                        result.topics().stream()
                                .filter(t -> t.partition() >= 0)
                                .map(t -> t.topic() + " " + t.partition() + "/" + t.partitions())
                                .toList());
        String summary =
                String.format(
                        Locale.ROOT,
                        "Read %,d records of partitions %s in %.1f s%s.",
                        result.scanned(),
                        partitions.isEmpty() ? "(none)" : partitions,
                        result.millis() / 1000.0,
                        result.cutShort() ? ", cut short by the lookup's bounds" : ", complete");
        return new Scanned(
                result.scanned(),
                result.millis(),
                result.cutShort(),
                limits.maxRecordsPerTopic(),
                limits.maxTime().toSeconds(),
                limits.window().toDays(),
                summary,
                result.topics());
    }
}
