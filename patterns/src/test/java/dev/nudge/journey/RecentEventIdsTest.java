package dev.nudge.journey;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_HOUR;
import static dev.nudge.testing.Shopper.ONE_MINUTE;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Tests for {@link RecentEventIds}: the 256 bound, the horizon and its rounding. */
class RecentEventIdsTest {
    private static final long SECOND = 1000;
    private final RecentEventIds ids = new RecentEventIds();

    /** {@code count} other ids, one every {@code every} ms from {@code from}; the next time. */
    private long others(String prefix, int count, long from, long every) {
        long time = from;
        for (int i = 0; i < count; i++) {
            assertThat(ids.seenBefore(prefix + i, time, ONE_HOUR)).isFalse();
            time += every;
        }
        return time;
    }

    @Test
    void aDuplicateAfterFortyOtherEventsIsRecognised() {
        assertThat(ids.seenBefore("e", BEGINNING, ONE_HOUR)).isFalse();
        long next = others("other-", 40, BEGINNING + SECOND, SECOND);

        assertThat(ids.seenBefore("e", next, ONE_HOUR)).isTrue();
    }

    @Test
    void aDuplicateAfter255OtherEventsIsRecognised() {
        assertThat(ids.seenBefore("e", BEGINNING, ONE_HOUR)).isFalse();
        long next = others("other-", 255, BEGINNING + SECOND, 10 * SECOND);

        assertThat(ids.size).isEqualTo(RecentEventIds.CAPACITY);
        assertThat(ids.seenBefore("e", next, ONE_HOUR)).isTrue();
    }

    @Test
    void the257thOldestIdIsForgotten() {
        assertThat(ids.seenBefore("e", BEGINNING, ONE_HOUR)).isFalse();
        long next = others("other-", 256, BEGINNING + SECOND, 10 * SECOND);

        assertThat(ids.size).isEqualTo(RecentEventIds.CAPACITY);
        assertThat(ids.seenBefore("other-0", next, ONE_HOUR))
                .as("the oldest of the 256 held")
                .isTrue();
        assertThat(ids.seenBefore("e", next, ONE_HOUR)).as("the 257th oldest").isFalse();
    }

    @Test
    void noMoreThan256IdsAreKeptHoweverManyCome() {
        others("other-", 1000, BEGINNING, SECOND);

        assertThat(ids.size).isEqualTo(RecentEventIds.CAPACITY);
        for (int i = 1000 - 256; i < 1000; i++) {
            assertThat(ids.seenBefore("other-" + i, BEGINNING + 1000 * SECOND, ONE_HOUR)).isTrue();
        }
        assertThat(ids.seenBefore("other-" + (1000 - 257), BEGINNING + 1000 * SECOND, ONE_HOUR))
                .isFalse();
    }

    @Test
    void anIdIsRememberedForTheHorizonAndForgottenAfterIt() {
        assertThat(ids.seenBefore("e", BEGINNING, ONE_HOUR)).isFalse();

        assertThat(ids.seenBefore("later", BEGINNING + ONE_HOUR, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("e", BEGINNING + ONE_HOUR, ONE_HOUR)).as("at the end").isTrue();

        assertThat(ids.seenBefore("much-later", BEGINNING + ONE_HOUR + 2 * ONE_MINUTE, ONE_HOUR))
                .isFalse();
        assertThat(ids.seenBefore("e", BEGINNING + ONE_HOUR + 2 * ONE_MINUTE, ONE_HOUR))
                .as("two minutes after: the rounding keeps it no longer")
                .isFalse();
    }

    @Test
    void roundingNeverShortensTheHorizonAndLengthensItByLessThanTwoMinutes() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 10_000; round++) {
            long horizon = random.nextLong(0, 3 * ONE_HOUR);
            long seen = BEGINNING + random.nextLong(0, ONE_HOUR);
            long gap = random.nextLong(0, horizon + 3 * ONE_MINUTE);
            RecentEventIds fresh = new RecentEventIds();
            fresh.seenBefore("e", seen, horizon);
            fresh.seenBefore("newer", seen + gap, horizon);

            boolean recognised = fresh.seenBefore("e", seen + gap, horizon);
            if (gap <= horizon) {
                assertThat(recognised).as("%d ms after, horizon %d ms", gap, horizon).isTrue();
            } else if (gap >= horizon + 2 * ONE_MINUTE) {
                assertThat(recognised).as("%d ms after, horizon %d ms", gap, horizon).isFalse();
            }
        }
    }

    @Test
    void theHorizonCountsBackFromTheLatestEventTimeNotFromTheArrival() {
        assertThat(ids.seenBefore("newest", BEGINNING + ONE_HOUR, ONE_HOUR)).isFalse();
        // Arrives later with an earlier time (out of order), still within the horizon.
        assertThat(ids.seenBefore("earlier", BEGINNING + 10 * ONE_MINUTE, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("earlier", BEGINNING + 10 * ONE_MINUTE, ONE_HOUR)).isTrue();
        assertThat(ids.seenBefore("newest", BEGINNING + 10 * ONE_MINUTE, ONE_HOUR)).isTrue();

        // An event an hour after "earlier" forgets it, though it arrived after "newest".
        assertThat(ids.seenBefore("next", BEGINNING + 72 * ONE_MINUTE, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("newest", BEGINNING + 72 * ONE_MINUTE, ONE_HOUR)).isTrue();
        assertThat(ids.seenBefore("earlier", BEGINNING + 72 * ONE_MINUTE, ONE_HOUR)).isFalse();
    }

    @Test
    void anIdOlderThanTheHorizonOfTheLatestIsNotRecognisedAgain() {
        assertThat(ids.seenBefore("newest", BEGINNING + 2 * ONE_HOUR, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("old", BEGINNING, ONE_HOUR)).isFalse();

        assertThat(ids.seenBefore("old", BEGINNING, ONE_HOUR)).isFalse();
    }

    @Test
    void theOldestArrivalGoesFirstWhateverItsTime() {
        // The first arrival has the latest time; 256 earlier-timed ids push it out all the same.
        assertThat(ids.seenBefore("first", BEGINNING + 30 * ONE_MINUTE, ONE_HOUR)).isFalse();
        long next = others("other-", 256, BEGINNING, SECOND);

        assertThat(ids.seenBefore("other-0", next, ONE_HOUR)).isTrue();
        assertThat(ids.seenBefore("first", next, ONE_HOUR)).isFalse();
    }

    @Test
    void idsForgottenByTheHorizonMakeRoomInOrder() {
        others("old-", 200, BEGINNING, SECOND);
        long next = others("new-", 100, BEGINNING + 2 * ONE_HOUR, SECOND);

        assertThat(ids.size).isEqualTo(100);
        assertThat(ids.seenBefore("old-199", next, ONE_HOUR)).isFalse();
        // That check added old-199 anew; 155 more fill the ring: the first new one is the oldest.
        next = others("newer-", 155, next, SECOND);
        assertThat(ids.size).isEqualTo(RecentEventIds.CAPACITY);
        assertThat(ids.seenBefore("new-0", next, ONE_HOUR)).isTrue();
        assertThat(ids.seenBefore("one-more", next, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("new-0", next, ONE_HOUR)).isFalse();
        assertThat(ids.seenBefore("new-2", next, ONE_HOUR)).isTrue();
    }

    @Test
    void clearedIdsAreForgotten() {
        ids.seenBefore("e", BEGINNING, ONE_HOUR);
        ids.clear();

        assertThat(ids.seenBefore("e", BEGINNING, ONE_HOUR)).isFalse();
    }
}
