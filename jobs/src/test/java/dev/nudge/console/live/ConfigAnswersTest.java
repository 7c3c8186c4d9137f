package dev.nudge.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.console.ConsoleSources;
import dev.nudge.console.InForce;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Tests which configuration the live view says is in force. */
class ConfigAnswersTest {
    private static final Instant T = Instant.parse("2026-11-25T03:01:02Z");

    private static byte[] document(String version) {
        return ("version: \"" + version + "\"\npatterns: []\n").getBytes(StandardCharsets.UTF_8);
    }

    private static ConfigAnswers.Answer answer(String version, String status, int second) {
        return new ConfigAnswers.Answer(
                version, status, "anna", "a message", T.plusSeconds(second), T);
    }

    @Test
    void untilAVersionIsAppliedTheDocumentTheJobStartedWithIsInForce() {
        ConfigAnswers answers =
                new ConfigAnswers(
                        Optional.of(
                                new ConsoleSources.Document(
                                        new String(
                                                document("2026-11-24.1"), StandardCharsets.UTF_8),
                                        "patterns.yaml")));

        answers.answer(answer("2026-11-25.1", "REJECTED", 1));

        InForce inForce = answers.inForce().orElseThrow();
        assertThat(inForce.version()).isEqualTo("2026-11-24.1");
        assertThat(inForce.source()).isEqualTo("patterns.yaml");
        assertThat(inForce.changedBy()).isEmpty();
    }

    @Test
    void theNewestAppliedVersionIsInForceWithTheDocumentPublishedUnderIt() {
        ConfigAnswers answers = new ConfigAnswers(Optional.empty());
        answers.answer(answer("2026-11-25.2", "APPLIED", 2));
        answers.document(document("2026-11-25.1"), "bob", T);
        answers.document(document("2026-11-25.2"), "anna", T);
        answers.answer(answer("2026-11-25.1", "APPLIED", 1));
        answers.answer(answer("2026-11-25.3", "NEEDS_RESTART", 3));

        InForce inForce = answers.inForce().orElseThrow();

        assertThat(inForce.version()).isEqualTo("2026-11-25.2");
        assertThat(inForce.changedBy()).contains("anna");
        assertThat(inForce.decidedAt()).contains(T.plusSeconds(2));
        assertThat(inForce.document())
                .hasValueSatisfying(d -> assertThat(d).contains("2026-11-25.2"));
        assertThat(answers.answers())
                .extracting(ConfigAnswers.Answer::version)
                .containsExactly("2026-11-25.3", "2026-11-25.2", "2026-11-25.1");
    }

    @Test
    void theDocumentInForceIsKeptHoweverManyArePublishedAfterIt() {
        ConfigAnswers answers = new ConfigAnswers(Optional.empty());
        answers.document(document("v1"), "anna", T);
        answers.answer(answer("v1", "APPLIED", 1));
        for (int i = 2; i < 20; i++) {
            answers.document(document("v" + i), "anna", T);
            answers.answer(answer("v" + i, "REJECTED", i));
        }

        assertThat(answers.inForce().orElseThrow().document()).isPresent();
        assertThat(answers.answers()).hasSize(ConfigAnswers.MAX_ANSWERS);
    }

    @Test
    void aControlRecordThatIsNotADocumentIsLeftOut() {
        ConfigAnswers answers = new ConfigAnswers(Optional.empty());

        assertThat(answers.document(new byte[] {(byte) 0xff, (byte) 0xfe, 0}, "x", T)).isFalse();
        assertThat(answers.inForce()).isEmpty();
    }
}
