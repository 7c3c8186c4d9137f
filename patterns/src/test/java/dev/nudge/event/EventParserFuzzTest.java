package dev.nudge.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.nudge.testing.HostileRecords;
import dev.nudge.wire.Json;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Tests for {@link EventParser} on generated input ({@link HostileRecords}): whatever the bytes,
 * the parser returns an event or rejects the record with a reason and a bounded sentence, and never
 * throws anything else.
 */
class EventParserFuzzTest {
    private static final int INPUTS = 120_000;
    private static final long NOW = 1_764_000_000_000L;
    private static final int MAX_DETAIL = DeadLetter.MAX_DETAIL;

    private final EventParser parser = new EventParser(65_536, 600_000, () -> NOW);
    private final HostileRecords records = new HostileRecords(20261203L);

    @Test
    void everyInputBecomesAnEventOrADeadLetterWithAReason() {
        Map<RejectReason, Integer> reasons = new EnumMap<>(RejectReason.class);
        int events = 0;
        for (int i = 0; i < INPUTS; i++) {
            byte[] input = records.next();
            try {
                UserEvent event = parser.parse(input);
                events++;
                assertWritesBackUnchanged(event, input);
            } catch (InvalidEventException e) {
                assertThat(e.reason()).as(() -> show(input)).isNotEqualTo(RejectReason.UNREADABLE);
                assertThat(e.getMessage())
                        .as(() -> show(input))
                        .isNotBlank()
                        .hasSizeLessThanOrEqualTo(MAX_DETAIL);
                reasons.merge(e.reason(), 1, Integer::sum);
            } catch (StackOverflowError e) {
                fail("the parser threw " + e + " on " + show(input), e);
            }
        }
        // The generator reaches both outcomes and most reasons, or the test proves little.
        assertThat(events).isGreaterThan(INPUTS / 20);
        assertThat(reasons.keySet())
                .contains(
                        RejectReason.EMPTY,
                        RejectReason.INVALID_UTF8,
                        RejectReason.NOT_JSON,
                        RejectReason.NOT_AN_OBJECT,
                        RejectReason.DUPLICATE_FIELD,
                        RejectReason.MISSING_FIELD,
                        RejectReason.WRONG_TYPE,
                        RejectReason.OUT_OF_RANGE,
                        RejectReason.UNKNOWN_TYPE,
                        RejectReason.FUTURE_TIMESTAMP);
    }

    /**
     * What is accepted can be written as UTF-8 and read back as the same event: no text that UTF-8
     * cannot carry (which would change an id on its way to Kafka) gets through.
     */
    private void assertWritesBackUnchanged(UserEvent event, byte[] input) {
        try {
            assertThat(parser.parse(Json.event(event))).as(() -> show(input)).isEqualTo(event);
        } catch (InvalidEventException e) {
            fail("an accepted event does not read back: " + e.getMessage() + " " + show(input));
        }
    }

    private static String show(byte[] input) {
        String text = new String(input, StandardCharsets.UTF_8);
        return text.length() > 200 ? text.substring(0, 200) + "..." : text;
    }
}
