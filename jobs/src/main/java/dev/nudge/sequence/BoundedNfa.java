package dev.nudge.sequence;

import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import org.apache.flink.api.common.functions.RuntimeContext;
import org.apache.flink.cep.nfa.ComputationState;
import org.apache.flink.cep.nfa.NFA;
import org.apache.flink.cep.nfa.NFAState;
import org.apache.flink.cep.nfa.aftermatch.AfterMatchSkipStrategy;
import org.apache.flink.cep.nfa.compiler.NFACompiler;
import org.apache.flink.cep.nfa.sharedbuffer.SharedBufferAccessor;
import org.apache.flink.cep.pattern.Pattern;
import org.apache.flink.cep.time.TimerService;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;

/**
 * Flink CEP's automaton with a bound on the partial matches one user holds. Flink CEP keeps every
 * partial match its pattern allows; with relaxed contiguity that is one per qualifying event and
 * more with {@code times}, and each event is tried against all of them, so a user who floods the
 * pattern's event types makes the work per event grow without end (quadratic in the flood). Here,
 * after each event, partial matches beyond {@code maxPartialMatches} are dropped, those that began
 * last first: the earliest episodes still complete, the work per event stays bounded, and only the
 * flooding user can lose matches. Each drop is counted ({@code partialMatchesDropped}).
 *
 * <p>An ERASE of the user, taken in event-time order like every other event, drops every partial
 * match and every match not yet emitted: nothing begun before the erasure matches, nor takes events
 * from what the user does after it. The ERASE itself takes part in no match.
 *
 * <p>Built on Flink CEP's own {@link NFA} (same states, same shared buffer, same state format), so
 * a savepoint of the unbounded operator restores into this one.
 */
final class BoundedNfa extends NFA<UserEvent> {
    private final int maxPartialMatches;
    private final String patternId;
    private transient Counter dropped;

    private BoundedNfa(NFA<UserEvent> compiled, int maxPartialMatches, String patternId) {
        // Per-state windows (WithinType.PREVIOUS_AND_CURRENT) are never compiled: only one limit.
        super(compiled.getStates(), Map.of(), compiled.getWindowTime(), false);
        this.maxPartialMatches = maxPartialMatches;
        this.patternId = patternId;
    }

    /** The factory the CEP operator creates its automaton with. */
    static NFACompiler.NFAFactory<UserEvent> factory(
            Pattern<UserEvent, ?> pattern, int maxPartialMatches, String patternId) {
        NFACompiler.NFAFactory<UserEvent> compiled = NFACompiler.compileFactory(pattern, false);
        return () -> new BoundedNfa(compiled.createNFA(), maxPartialMatches, patternId);
    }

    @Override
    public void open(RuntimeContext context, Configuration configuration) throws Exception {
        super.open(context, configuration);
        dropped =
                context.getMetricGroup()
                        .addGroup("nudge")
                        .addGroup("pattern", patternId)
                        .counter("partialMatchesDropped");
    }

    @Override
    public Collection<Map<String, List<UserEvent>>> process(
            SharedBufferAccessor<UserEvent> buffer,
            NFAState state,
            UserEvent event,
            long timestamp,
            AfterMatchSkipStrategy skip,
            TimerService timers)
            throws Exception {
        if (event.type() == EventType.ERASE) {
            forget(buffer, state);
            return List.of();
        }
        Collection<Map<String, List<UserEvent>>> matches =
                super.process(buffer, state, event, timestamp, skip, timers);
        trim(buffer, state);
        return matches;
    }

    /** Drops every partial match that took events, and every match not yet emitted. */
    private static void forget(SharedBufferAccessor<UserEvent> buffer, NFAState state)
            throws Exception {
        for (Queue<ComputationState> states :
                List.of(state.getPartialMatches(), state.getCompletedMatches())) {
            Iterator<ComputationState> each = states.iterator();
            while (each.hasNext()) {
                ComputationState partial = each.next();
                if (partial.getPreviousBufferEntry() != null) {
                    each.remove();
                    buffer.releaseNode(partial.getPreviousBufferEntry(), partial.getVersion());
                    state.setStateChanged();
                }
            }
        }
    }

    private void trim(SharedBufferAccessor<UserEvent> buffer, NFAState state) throws Exception {
        Queue<ComputationState> partial = state.getPartialMatches();
        if (partial.size() <= maxPartialMatches) {
            return;
        }
        // Earliest first; the states still waiting for a first event sort last and hold nothing.
        List<ComputationState> byStart = new ArrayList<>(partial);
        byStart.sort(NFAState.COMPUTATION_STATE_COMPARATOR);
        for (int i = byStart.size() - 1; i >= 0 && partial.size() > maxPartialMatches; i--) {
            ComputationState latest = byStart.get(i);
            if (latest.getPreviousBufferEntry() == null) {
                continue;
            }
            partial.remove(latest);
            buffer.releaseNode(latest.getPreviousBufferEntry(), latest.getVersion());
            state.setStateChanged();
            if (dropped != null) {
                dropped.inc();
            }
        }
    }
}
