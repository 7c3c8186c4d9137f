package dev.nudge.console.user;

import com.fasterxml.jackson.databind.JsonNode;
import dev.nudge.console.user.UserScan.ProfileState;
import dev.nudge.console.user.UserScan.Result;
import dev.nudge.console.user.UserScan.Seen;
import dev.nudge.policy.SuppressionReason;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why a user did or did not get a message, in an operator's words: a headline about the latest
 * decision, and one sentence for each outcome among the decisions read, naming the setting that
 * made it. Built from the records alone (decisions, conversions, the profile): the console does not
 * see the job's state, so it says what the records say and where to look.
 *
 * @param headline one sentence on the latest decision, or on why there is none
 * @param details the sentences that explain it, the outcomes first
 */
public record Explanation(String headline, List<String> details) {
    public Explanation {
        details = List.copyOf(details);
    }

    /** What each suppression reason means, naming the setting behind it. */
    static final Map<SuppressionReason, String> REASONS = reasons();

    static final String HOLDOUT =
            "HOLDOUT: the user is in the control group (policy.holdoutPercent, or the pattern's own"
                    + " holdoutPercent, drawn with policy.holdoutSalt): nothing is sent to them, so"
                    + " that what the pattern earns can be measured; a purchase still counts, as a"
                    + " conversion of the holdout arm.";

    private static final Duration DAY = Duration.ofDays(1);

    private static Map<SuppressionReason, String> reasons() {
        Map<SuppressionReason, String> m = new EnumMap<>(SuppressionReason.class);
        m.put(
                SuppressionReason.NOT_IN_AUDIENCE,
                "the user was not in the pattern's audience when it matched (patterns[].audience:"
                        + " the segments or stages it needs, the tags it excludes).");
        m.put(
                SuppressionReason.NO_CONSENT,
                "none of the pattern's channels had the user's consent (CONSENT events, else"
                        + " policy.consentDefaults).");
        m.put(
                SuppressionReason.FREQUENCY_CAP,
                "the user had reached a cap of policy.frequencyCaps on every channel of the pattern"
                        + " (sends and holdouts of all patterns count).");
        m.put(
                SuppressionReason.COOLDOWN,
                "the pattern had already messaged the user (or held them out) within its cooldown"
                        + " (patterns[].action.cooldown, 1 day unless set).");
        m.put(
                SuppressionReason.LOWER_PRIORITY,
                "another pattern matched the user in the same arbitration window"
                        + " (policy.arbitrationWindow) with a higher priority"
                        + " (patterns[].action.priority) and went on instead.");
        m.put(
                SuppressionReason.DISABLED,
                "the pattern was switched off (enabled: false, or the console's kill switch) in the"
                        + " configuration in force.");
        m.put(
                SuppressionReason.ERASED,
                "the user was erased (an ERASE event) after the moment began; nothing begun before"
                        + " an erasure is ever sent.");
        m.put(
                SuppressionReason.CONVERTED_BEFORE_SEND,
                "the user bought before the message went out, which ended the moment (a purchase"
                        + " cancels the reminders still waiting).");
        m.put(
                SuppressionReason.EXPIRED,
                "the message waited for its send time (quiet hours, the best send hour) beyond its"
                        + " ttl (patterns[].action.ttl) and expired.");
        m.put(
                SuppressionReason.QUIET_HOURS,
                "it was decided in the user's quiet hours (policy.quietHours) and their mode is"
                        + " DROP, which drops such messages instead of holding them.");
        m.put(
                SuppressionReason.HOLD_FULL,
                "the user already had 16 messages held for their send times, the most the job"
                        + " keeps for one user.");
        m.put(
                SuppressionReason.OUT_OF_SCHEDULE,
                "the match came outside the pattern's schedule (patterns[].schedule: its dates,"
                        + " days and hours).");
        m.put(
                SuppressionReason.IN_FLOW,
                "the user was already in the flow, so the match could not enter them again.");
        m.put(
                SuppressionReason.FLOW_REENTRY,
                "the user had left the flow too recently to enter it again (flows[].reentry).");
        m.put(
                SuppressionReason.FLOW_EXITED,
                "the flow's message was still waiting when the user reached the flow's exit goal,"
                        + " so it was not sent.");
        return m;
    }

    /** The sentence for a suppression reason as a decision names it; unknown names get one too. */
    static String reason(String name) {
        try {
            return REASONS.get(SuppressionReason.valueOf(name));
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return "the job names this reason " + name + "; docs/senders.md lists the reasons.";
        }
    }

    /** Explains what {@code result} read about {@code userId}, at wall-clock time {@code now}. */
    public static Explanation of(String userId, Result result, Instant now) {
        List<Seen> decisions = result.decisions();
        List<String> details = new ArrayList<>();
        String headline;
        if (decisions.isEmpty()) {
            headline = withoutDecisions(userId, result, details);
        } else {
            Seen latest = decisions.get(0);
            headline = headline(latest, decisions, now);
            details.add(tally(decisions));
            details.addAll(outcomes(decisions));
            if (result.profileState() == ProfileState.FOUND) {
                details.add(profileSummary(result.profile()));
            } else if (result.profileState() == ProfileState.ERASED) {
                details.add(
                        "The user's profile was erased (a tombstone on user-profiles): an ERASE"
                                + " event removed it.");
            }
        }
        details.addAll(conversions(result.conversions()));
        for (String topic : result.missing()) {
            details.add(
                    "The topic "
                            + topic
                            + " does not exist on the cluster (or this client may not see it):"
                            + " what it would hold is missing here.");
        }
        if (result.cutShort()) {
            details.add(
                    "The lookup was cut short by its bounds (see scanned): older records of the"
                            + " user may exist beyond what was read.");
        }
        return new Explanation(headline, details);
    }

    private static String withoutDecisions(String userId, Result result, List<String> details) {
        String window = "in the last " + result.window().toDays() + " days";
        switch (result.profileState()) {
            case FOUND -> {
                details.add(profileSummary(result.profile()));
                details.add(
                        "A message comes only from a pattern's match: the user's events did not"
                                + " complete any enabled pattern "
                                + window
                                + " (or only before that).");
                return "No message: no pattern matched " + userId + " " + window + ".";
            }
            case ERASED -> {
                details.add(
                        "Its profile was removed by an ERASE event (a tombstone on"
                                + " user-profiles); nothing about the user is kept since.");
                return "No message: "
                        + userId
                        + " was erased, and no pattern matched "
                        + window
                        + ".";
            }
            default -> {
                details.add(
                        "No profile is on user-profiles and no decision or conversion was written "
                                + window
                                + ". User ids are compared exactly (case and spaces count); a"
                                + " profile is written only once the user's stage, segments,"
                                + " scores or consent change, at most once an hour.");
                return result.conversions().isEmpty()
                        ? "Nothing found for "
                                + userId
                                + ": no profile, no decision "
                                + window
                                + "."
                        : "No decision for " + userId + " " + window + ", and no profile.";
            }
        }
    }

    private static String headline(Seen latest, List<Seen> decisions, Instant now) {
        JsonNode d = latest.value();
        String what = source(d);
        String when = ago(latest, now);
        String outcome = text(d, "outcome");
        switch (outcome == null ? "" : outcome) {
            case "SENT" -> {
                return "Got " + article(text(d, "channel")) + " from " + what + " " + when + ".";
            }
            case "HOLDOUT" -> {
                return "No message: the user is held out of "
                        + what
                        + " (the control group); it would have gone on "
                        + orSomething(text(d, "channel"))
                        + " "
                        + when
                        + ".";
            }
            case "ENTERED_FLOW" -> {
                return "Entered flow "
                        + text(d, "flowId")
                        + " from "
                        + text(d, "patternId")
                        + " "
                        + when
                        + "; the flow's steps decide the sends.";
            }
            case "SUPPRESSED" -> {
                String reason = text(d, "suppressedBy");
                String sentence =
                        SuppressionReason.FREQUENCY_CAP.name().equals(reason)
                                ? frequencyCap(latest, decisions)
                                : reason(reason);
                return "No message: "
                        + what
                        + " was suppressed by "
                        + reason
                        + " "
                        + when
                        + " — "
                        + sentence;
            }
            default -> {
                return "The latest decision, " + when + ", was " + outcome + " of " + what + ".";
            }
        }
    }

    /** The frequency cap, with the sends of the day before it that the decisions read show. */
    private static String frequencyCap(Seen capped, List<Seen> decisions) {
        long before = capped.writtenAt();
        long count =
                decisions.stream()
                        .filter(s -> s.writtenAt() < before)
                        .filter(s -> before - s.writtenAt() <= DAY.toMillis())
                        .filter(
                                s ->
                                        "SENT".equals(text(s.value(), "outcome"))
                                                || "HOLDOUT".equals(text(s.value(), "outcome")))
                        .count();
        if (count == 0) {
            return reason(SuppressionReason.FREQUENCY_CAP.name());
        }
        return "the user had already had "
                + count
                + (count == 1 ? " message" : " messages")
                + " (sent or held out) in the day before (policy.frequencyCaps).";
    }

    /** "Of the last 12 decisions: 3 SENT, 8 SUPPRESSED, 1 HOLDOUT." */
    private static String tally(List<Seen> decisions) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (Seen seen : decisions) {
            counts.merge(String.valueOf(text(seen.value(), "outcome")), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((outcome, n) -> parts.add(n + " " + outcome));
        return (decisions.size() == 1
                        ? "1 decision read: "
                        : "Of the " + decisions.size() + " decisions read: ")
                + String.join(", ", parts)
                + ".";
    }

    /** One sentence per suppression reason present, and one for a holdout, newest first. */
    private static List<String> outcomes(List<Seen> decisions) {
        Set<String> seen = new LinkedHashSet<>();
        for (Seen decision : decisions) {
            String outcome = text(decision.value(), "outcome");
            if ("SUPPRESSED".equals(outcome)) {
                seen.add(String.valueOf(text(decision.value(), "suppressedBy")));
            } else if ("HOLDOUT".equals(outcome)) {
                seen.add("HOLDOUT");
            }
        }
        List<String> sentences = new ArrayList<>();
        for (String name : seen) {
            sentences.add(
                    name.equals("HOLDOUT") ? HOLDOUT : name + ": " + capitalized(reason(name)));
        }
        return sentences;
    }

    private static List<String> conversions(List<Seen> conversions) {
        if (conversions.isEmpty()) {
            return List.of();
        }
        JsonNode latest = conversions.get(0).value();
        String revenue =
                latest.path("revenue").isNumber() && latest.path("revenue").doubleValue() > 0
                        ? " worth "
                                + latest.path("revenue").asText()
                                + " "
                                + latest.path("currency").asText("")
                        : "";
        return List.of(
                (conversions.size() == 1
                                ? "1 conversion: "
                                : conversions.size() + " conversions; the latest: ")
                        + java.util.Objects.toString(text(latest, "goal"), "a goal")
                        + revenue
                        + " at "
                        + text(latest, "convertedAt")
                        + ", attributed to "
                        + text(latest, "patternId")
                        + " ("
                        + ("HOLDOUT".equals(text(latest, "arm"))
                                ? "the holdout arm: it would have happened without a message"
                                : "after its message")
                        + ").");
    }

    /** The profile's stage, consent per channel and last activity, in one sentence. */
    static String profileSummary(JsonNode profile) {
        List<String> consents = new ArrayList<>();
        profile.path("channels")
                .fields()
                .forEachRemaining(
                        channel ->
                                consents.add(
                                        channel.getKey()
                                                + (channel.getValue().path("consent").asBoolean()
                                                        ? " yes"
                                                        : " no")));
        StringBuilder s = new StringBuilder("The profile says: stage ");
        s.append(profile.path("stage").asText("unknown"));
        if (profile.hasNonNull("stageSince")) {
            s.append(" since ").append(profile.path("stageSince").asText());
        }
        s.append("; consent ").append(consents.isEmpty() ? "unknown" : String.join(", ", consents));
        s.append("; last seen ").append(profile.path("lastSeen").asText("never"));
        JsonNode segments = profile.path("segments");
        if (segments.isArray() && !segments.isEmpty()) {
            List<String> names = new ArrayList<>();
            segments.forEach(segment -> names.add(segment.asText()));
            s.append("; segments ").append(String.join(", ", names));
        }
        return s.append(" (as of ").append(profile.path("at").asText("?")).append(").").toString();
    }

    /** "cart-abandonment", or "flow cart-rescue step 2 (entered by cart-abandonment)". */
    private static String source(JsonNode d) {
        String pattern = text(d, "patternId");
        String flow = text(d, "flowId");
        String step = text(d, "step");
        if (flow != null && step != null) {
            return "flow " + flow + " step " + step + " (entered by " + pattern + ")";
        }
        return pattern
                + (text(d, "variant") == null ? "" : " (variant " + text(d, "variant") + ")");
    }

    /** "3 min ago", from when Kafka took the decision, else its trigger time. */
    static String ago(Seen decision, Instant now) {
        long at = decision.writtenAt();
        if (at <= 0) {
            try {
                at =
                        Instant.parse(String.valueOf(text(decision.value(), "triggeredAt")))
                                .toEpochMilli();
            } catch (DateTimeParseException unknown) {
                return "at an unknown time";
            }
        }
        return ago(Duration.ofMillis(now.toEpochMilli() - at));
    }

    static String ago(Duration elapsed) {
        long seconds = elapsed.toSeconds();
        if (seconds < 5) {
            return "just now";
        } else if (seconds < 60) {
            return seconds + " s ago";
        } else if (seconds < 3600) {
            return seconds / 60 + " min ago";
        } else if (seconds < 2 * 86_400) {
            return seconds / 3600 + " h ago";
        }
        return seconds / 86_400 + " days ago";
    }

    private static String article(String channel) {
        if (channel == null) {
            return "a message";
        }
        return (channel.equals("EMAIL") || channel.equals("SMS") ? "an " : "a ") + channel;
    }

    private static String orSomething(String text) {
        return text == null ? "an unnamed channel" : text;
    }

    private static String capitalized(String sentence) {
        return sentence.isEmpty()
                ? sentence
                : sentence.substring(0, 1).toUpperCase(Locale.ROOT) + sentence.substring(1);
    }

    static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
