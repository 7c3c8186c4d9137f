package dev.nudge.job;

import static dev.nudge.testing.Shopper.BEGINNING;
import static dev.nudge.testing.Shopper.ONE_DAY;
import static dev.nudge.testing.Shopper.THIRTY_MINUTES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.nudge.event.Times;
import dev.nudge.journey.Journey;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which journeys {@link JourneyCache} keeps, and when it writes them to the state backend. */
class JourneyCacheTest {
    private final List<String> written = new ArrayList<>();

    private JourneyCache cacheOf(int capacity) {
        return new JourneyCache(capacity, (userId, journey) -> written.add(userId));
    }

    private static Journey dueAt(long timer) {
        Journey journey = new Journey();
        journey.armedTimer(timer);
        return journey;
    }

    @Test
    void theJourneyDueLastGivesWayToANewOne() throws Exception {
        JourneyCache cache = cacheOf(3);
        cache.put("soon", dueAt(BEGINNING + THIRTY_MINUTES));
        cache.put("tomorrow", dueAt(BEGINNING + ONE_DAY));
        cache.put("later", dueAt(BEGINNING + 2 * THIRTY_MINUTES));

        cache.put("new", dueAt(BEGINNING + 3 * THIRTY_MINUTES));

        assertThat(written)
                .as("the one due last, written as it leaves")
                .containsExactly("tomorrow");
        assertThat(cache.get("tomorrow")).isNull();
        assertThat(List.of("soon", "later", "new"))
                .allSatisfy(u -> assertThat(cache.get(u)).isNotNull());
    }

    @Test
    void aJourneyWithoutATimerGivesWayFirst() throws Exception {
        JourneyCache cache = cacheOf(2);
        cache.put("next-month", dueAt(BEGINNING + 30 * ONE_DAY));
        cache.put("idle", dueAt(Times.NONE));

        cache.put("new", dueAt(BEGINNING + THIRTY_MINUTES));

        assertThat(written).containsExactly("idle");
    }

    @Test
    void aJourneyIsJudgedByItsTimerAsLastArmed() throws Exception {
        JourneyCache cache = cacheOf(2);
        Journey alice = dueAt(BEGINNING + ONE_DAY);
        cache.put("alice", alice);
        cache.put("bob", dueAt(BEGINNING + 2 * THIRTY_MINUTES));
        alice.armedTimer(BEGINNING + THIRTY_MINUTES);
        cache.put("alice", alice);

        cache.put("carol", dueAt(BEGINNING + 3 * THIRTY_MINUTES));

        assertThat(written).containsExactly("bob");
    }

    @Test
    void aFlushWritesTheChangedJourneysOnceAndKeepsThem() throws Exception {
        JourneyCache cache = cacheOf(4);
        cache.put("alice", dueAt(BEGINNING));
        cache.put("bob", dueAt(BEGINNING));
        cache.flush();
        cache.put("bob", cache.get("bob"));
        cache.flush();

        assertThat(written).containsExactly("alice", "bob", "bob");
        assertThat(cache.get("alice")).isNotNull();
        assertThat(cache.writes()).isEqualTo(3);
    }

    @Test
    void aRemovedJourneyIsNeitherWrittenNorCached() throws Exception {
        JourneyCache cache = cacheOf(1);
        cache.put("alice", dueAt(BEGINNING));
        cache.remove("alice");
        cache.put("bob", dueAt(BEGINNING));
        cache.flush();

        assertThat(written).containsExactly("bob");
        assertThat(cache.get("alice")).isNull();
    }

    @Test
    void aCacheLargerThanTheDrawKeepsTheUsersDueFirstAndLosesNoChange() throws Exception {
        int capacity = 4 * JourneyCache.CANDIDATES;
        int users = 10 * capacity;
        JourneyCache cache = cacheOf(capacity);
        for (int user = 0; user < users; user++) {
            cache.put("user-" + user, dueAt(BEGINNING + user));
        }
        long cached = 0;
        long earliestCached = 0;
        for (int user = 0; user < users; user++) {
            boolean kept = cache.get("user-" + user) != null;
            cached += kept ? 1 : 0;
            earliestCached += kept && user < capacity ? 1 : 0;
        }
        cache.flush();

        assertThat(cached).isEqualTo(capacity);
        assertThat(earliestCached)
                .as("users due first stay (half do here); leaving at random, none of them would")
                .isGreaterThanOrEqualTo(capacity / 4);
        assertThat(written)
                .as("each user once: on leaving, or at the flush")
                .hasSize(users)
                .doesNotHaveDuplicates();
    }
}
