package dev.nudge.backtest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tests for {@link ResultFiles}. */
class ResultFilesTest {
    @TempDir Path dir;

    @Test
    void ordersDecisionsByTimeThenUserThenPatternAlsoThroughRunsOnDisk() throws Exception {
        List<String> decisions =
                List.of(
                        decision("2019-10-01T00:31:00.000Z", "u2", "browse-abandonment"),
                        decision("2019-10-01T00:30:00.000Z", "u2", "window-shopping"),
                        decision("2019-10-01T00:30:00.000Z", "u1", "window-shopping"),
                        decision("2019-10-01T00:30:00.000Z", "u2", "browse-abandonment"),
                        decision("2019-10-01T00:29:59.000Z", "u9", "window-shopping"));
        Path inMemory = write("in-memory.jsonl", decisions);
        Path onDisk = write("on-disk.jsonl", decisions);

        ResultFiles.sort(inMemory, dir, SortLimits.defaults());
        ResultFiles.sort(onDisk, dir, SortLimits.defaults().withChunkEvents(2));

        assertThat(Files.readAllLines(inMemory, StandardCharsets.UTF_8))
                .containsExactly(
                        decisions.get(4),
                        decisions.get(2),
                        decisions.get(3),
                        decisions.get(1),
                        decisions.get(0));
        assertThat(onDisk).hasSameBinaryContentAs(inMemory);
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).containsExactlyInAnyOrder(inMemory, onDisk);
        }
    }

    @Test
    void ordersProfilesByUser() throws Exception {
        List<String> profiles =
                List.of(
                        profile("u2", "2019-10-31T00:00:00.000Z"),
                        profile("u10", "2019-10-31T00:00:00.000Z"),
                        profile("u1", "2019-10-31T00:00:00.000Z"));
        Path file = write("profiles.jsonl", profiles);

        ResultFiles.sort(file, dir, SortLimits.defaults());

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly(profiles.get(2), profiles.get(1), profiles.get(0));
    }

    @Test
    void ordersHeldMomentsByTheirTriggerTimeAmongOpenEpisodes() throws Exception {
        String held =
                "{\"userId\":\"u1\",\"patternId\":\"restock\",\"state\":\"held\","
                        + "\"triggeredAt\":\"2019-10-01T00:30:00.000Z\","
                        + "\"heldUntil\":\"2019-10-01T08:00:00.000Z\"}";
        String openBefore =
                "{\"userId\":\"u2\",\"patternId\":\"browse\",\"state\":\"open\","
                        + "\"openSince\":\"2019-10-01T00:10:00.000Z\"}";
        String openAfter =
                "{\"userId\":\"u0\",\"patternId\":\"browse\",\"state\":\"open\","
                        + "\"openSince\":\"2019-10-01T00:50:00.000Z\"}";
        Path file = write("open-episodes.jsonl", List.of(openAfter, held, openBefore));

        ResultFiles.sort(file, dir, SortLimits.defaults());

        assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
                .containsExactly(openBefore, held, openAfter);
    }

    @Test
    void ordersFlowStepsByTimeUserAndFlowKeepingTheOrderTheyWereTakenIn() throws Exception {
        String entered = flowStep("u2", null, "ENTERED", "2019-10-01T00:30:00.000Z");
        String push = flowStep("u2", "push", "REACHED", "2019-10-01T00:30:00.000Z");
        String wait = flowStep("u2", "wait-open", "REACHED", "2019-10-01T00:30:00.000Z");
        String otherUser = flowStep("u1", null, "ENTERED", "2019-10-01T00:30:00.000Z");
        String later = flowStep("u1", "wait-open", "TIMED_OUT", "2019-10-02T00:30:00.000Z");
        List<String> written = List.of(later, entered, otherUser, push, wait);
        Path inMemory = write(Backtest.FLOWS, written);
        Path onDisk = Files.createDirectories(dir.resolve("runs")).resolve(Backtest.FLOWS);
        Files.write(onDisk, written, StandardCharsets.UTF_8);

        ResultFiles.sort(inMemory, dir, SortLimits.defaults());
        ResultFiles.sort(onDisk, dir, SortLimits.defaults().withChunkEvents(2));

        assertThat(Files.readAllLines(inMemory, StandardCharsets.UTF_8))
                .containsExactly(otherUser, entered, push, wait, later);
        assertThat(onDisk).hasSameBinaryContentAs(inMemory);
    }

    @Test
    void createsAMissingFileEmpty() throws Exception {
        Path actions = dir.resolve("actions.jsonl");

        ResultFiles.sort(actions, dir, SortLimits.defaults());

        assertThat(actions).isEmptyFile();
    }

    private Path write(String name, List<String> lines) throws Exception {
        return Files.write(dir.resolve(name), lines, StandardCharsets.UTF_8);
    }

    private static String profile(String user, String at) {
        return String.format(
                "{\"userId\":\"%s\",\"at\":\"%s\",\"stage\":\"PROSPECT\",\"segments\":[]}",
                user, at);
    }

    private static String flowStep(String user, String step, String kind, String at) {
        return String.format(
                "{\"userId\":\"%s\",\"flowId\":\"cart-rescue\",\"step\":%s,\"kind\":\"%s\","
                        + "\"at\":\"%s\",\"holdout\":false,\"configVersion\":\"v1\","
                        + "\"detail\":null}",
                user, step == null ? "null" : "\"" + step + "\"", kind, at);
    }

    private static String decision(String triggeredAt, String user, String pattern) {
        return String.format(
                "{\"decisionId\":\"d-%s-%s\",\"userId\":\"%s\",\"patternId\":\"%s\","
                        + "\"triggeredAt\":\"%s\",\"outcome\":\"SENT\"}",
                user, pattern, user, pattern, triggeredAt);
    }
}
