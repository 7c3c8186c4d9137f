package dev.nudge.sequence;

import dev.nudge.config.Durations;
import dev.nudge.config.PatternType;
import dev.nudge.config.SequenceParams;
import dev.nudge.event.Times;
import dev.nudge.event.UserEvent;
import dev.nudge.pattern.ActionParams;
import dev.nudge.pattern.Match;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.flink.cep.functions.PatternProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Turns a Flink CEP match of a SEQUENCE pattern into a {@link Match} for the journey: anchored at
 * its first event, triggered at its last event — or at first event + {@code within} when the
 * sequence ends with a step that must not happen — with the events as evidence, the items, the
 * category and brand they name, and a sentence that retells the sequence. In the job, only the
 * first match of each episode goes on ({@link SequenceOperator} keeps the episodes).
 */
public final class SequenceMatcher extends PatternProcessFunction<UserEvent, Match> {
    private static final long serialVersionUID = 1L;
    private static final int MAX_ITEMS = 5;

    private final String patternId;
    private final SequenceParams params;
    private final ZoneId zone;

    /** Whether a match begins an episode of its user; unset, every match does. */
    private transient Episodes episodes;

    /** The user's episodes of the pattern, kept by the operator in its keyed state. */
    @FunctionalInterface
    interface Episodes {
        /** Whether {@code match} begins an episode of its user, which it then is. */
        boolean begin(Match match) throws Exception;
    }

    /**
     * @param zone the time zone of the sentences (the configuration's default)
     */
    public SequenceMatcher(String patternId, SequenceParams params, ZoneId zone) {
        this.patternId = patternId;
        this.params = params;
        this.zone = zone;
    }

    void keepEpisodes(Episodes episodes) {
        this.episodes = episodes;
    }

    @Override
    public void processMatch(
            Map<String, List<UserEvent>> steps, Context context, Collector<Match> out)
            throws Exception {
        Match match = toMatch(steps);
        if (episodes == null || episodes.begin(match)) {
            out.collect(match);
        }
    }

    Match toMatch(Map<String, List<UserEvent>> steps) {
        List<UserEvent> events = new ArrayList<>();
        for (SequenceParams.Step step : params.steps()) {
            events.addAll(steps.getOrDefault(step.name(), List.of()));
        }
        events.sort(Comparator.comparingLong(UserEvent::ts));
        UserEvent first = events.get(0);
        UserEvent last = events.get(events.size() - 1);
        long within = params.within().toMillis();
        long triggeredAt = params.endsWithAbsence() ? first.ts() + within : last.ts();
        List<String> evidence = new ArrayList<>();
        LinkedHashSet<String> items = new LinkedHashSet<>();
        String category = null;
        String brand = null;
        for (int i = events.size() - 1; i >= 0; i--) {
            UserEvent event = events.get(i);
            if (event.itemId() != null && items.size() < MAX_ITEMS) {
                items.add(event.itemId());
            }
            category = category == null ? event.categoryId() : category;
            brand = brand == null ? event.brand() : brand;
        }
        for (int i = 0; i < events.size() && i < Match.MAX_EVIDENCE; i++) {
            evidence.add(events.get(i).eventId());
        }
        return new Match(
                patternId,
                PatternType.SEQUENCE,
                first.userId(),
                triggeredAt,
                first.ts(),
                evidence,
                new ActionParams(List.copyOf(items), category, brand, null, null),
                reason(steps));
    }

    /**
     * "searched 2 times at 10:02 on 2017-11-25, then did not add to cart within 30 min
     * (Asia/Shanghai)": what the steps asked for and when they happened, never what the user typed
     * (a search query is personal data, SPEC §7).
     */
    private String reason(Map<String, List<UserEvent>> matched) {
        List<String> parts = new ArrayList<>();
        for (SequenceParams.Step step : params.steps()) {
            if (step.after() != null && step.after().negated()) {
                parts.add(
                        "did not "
                                + describe(step, true)
                                + (step.after() == SequenceParams.After.NOT_NEXT
                                        ? " right after"
                                        : " within " + Durations.inWords(params.within())));
                continue;
            }
            String what = describe(step, false);
            List<UserEvent> events = matched.getOrDefault(step.name(), List.of());
            if (events.isEmpty()) {
                continue;
            }
            String text = what + (events.size() > 1 ? " " + events.size() + " times" : "");
            UserEvent firstOfStep = events.get(0);
            parts.add(
                    text
                            + " at "
                            + Times.clock(firstOfStep.ts(), zone)
                            + " on "
                            + Times.date(firstOfStep.ts(), zone));
        }
        return String.join(", then ", parts) + " (" + zone.getId() + ")";
    }

    private static String describe(SequenceParams.Step step, boolean infinitive) {
        List<String> names = new ArrayList<>();
        step.types().stream().sorted().forEach(t -> names.add(verb(t.name(), infinitive)));
        String text = String.join(" or ", names);
        if (step.category() != null) {
            text += " in category " + step.category();
        }
        if (step.brand() != null) {
            text += " of brand " + step.brand();
        }
        if (step.query() != null) {
            // The operator's condition, never what the user typed: outputs carry no user text.
            text += " for \"" + step.query() + "\"";
        }
        return text;
    }

    private static String verb(String type, boolean infinitive) {
        return switch (type) {
            case "VIEW" -> infinitive ? "view" : "viewed";
            case "SEARCH" -> infinitive ? "search" : "searched";
            case "ADD_TO_CART" -> infinitive ? "add to cart" : "added to cart";
            case "REMOVE_FROM_CART" -> infinitive ? "remove from cart" : "removed from cart";
            case "FAVORITE" -> infinitive ? "favorite" : "favorited";
            case "PURCHASE" -> infinitive ? "buy" : "bought";
            default -> (infinitive ? "send " : "sent ") + type.toLowerCase(Locale.ROOT);
        };
    }
}
