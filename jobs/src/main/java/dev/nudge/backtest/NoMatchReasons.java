package dev.nudge.backtest;

import dev.nudge.config.BrowseWithoutBuyParams;
import dev.nudge.config.Durations;
import dev.nudge.config.HighValueParams;
import dev.nudge.config.LifecycleSpec;
import dev.nudge.config.LifecycleStage;
import dev.nudge.config.LifecycleTransitionParams;
import dev.nudge.config.OverdueParams;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PredictedRepurchaseParams;
import dev.nudge.config.SequenceParams;
import dev.nudge.config.WindowParams;
import dev.nudge.event.EventType;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Why a configured pattern matched nothing in a backtest, in a few words an operator can act on:
 * switched off, an event type its detector needs that the input never had, purchases without
 * prices, no user with enough purchase occasions for a cycle; or, when the input had all it needs,
 * the pattern's own condition in its own parameters, which no user met. Every reason is true of a
 * pattern with no match: a match that was then suppressed (not in the audience, out of schedule)
 * still counts as a match, so only the detector's condition is left.
 */
final class NoMatchReasons {
    static final String DISABLED = "disabled";

    /**
     * What the backtest saw that the reasons draw on.
     *
     * @param events the types of the events the job read
     * @param mostOccasions the most purchase occasions any user reached
     */
    record Input(InputEvents events, int mostOccasions) {}

    private NoMatchReasons() {}

    /** Why {@code pattern} matched nothing, given what the input had. */
    static String of(PatternSpec pattern, LifecycleSpec lifecycle, Input input) {
        if (!pattern.enabled()) {
            return DISABLED;
        }
        InputEvents events = input.events();
        return switch (pattern.type()) {
            case BROWSE_WITHOUT_BUY -> {
                BrowseWithoutBuyParams p = (BrowseWithoutBuyParams) pattern.params();
                yield missing(events, EventType.VIEW)
                        .orElse(
                                "no user viewed "
                                        + p.minViews()
                                        + " times within "
                                        + window(p.window())
                                        + " without a cart or purchase");
            }
            case CART_ABANDONMENT -> {
                WindowParams p = (WindowParams) pattern.params();
                yield missing(events, EventType.ADD_TO_CART)
                        .orElse("no cart went " + window(p.window()) + " without a purchase");
            }
            case NEW_USER_NO_PURCHASE -> {
                WindowParams p = (WindowParams) pattern.params();
                yield missing(events, EventType.REGISTER)
                        .orElse(
                                "no new user went "
                                        + window(p.window())
                                        + " after REGISTER without a purchase");
            }
            case HIGH_VALUE -> {
                HighValueParams p = (HighValueParams) pattern.params();
                yield missing(events, EventType.PURCHASE)
                        .orElse(
                                events.pricedPurchases() == 0
                                        ? "no purchase had a price"
                                        : "no user's purchases reached spend "
                                                + amount(p.spend())
                                                + " within "
                                                + window(p.window()));
            }
            case LIFECYCLE_TRANSITION ->
                    missing(events, EventType.PURCHASE)
                            .orElse(
                                    transition(
                                            (LifecycleTransitionParams) pattern.params(),
                                            lifecycle));
            case PREDICTED_REPURCHASE -> {
                PredictedRepurchaseParams p = (PredictedRepurchaseParams) pattern.params();
                yield cycle(events, input, p.minOccasions())
                        .orElse("no predicted purchase came due before the clock stopped");
            }
            case PURCHASE_OVERDUE -> {
                OverdueParams p = (OverdueParams) pattern.params();
                yield cycle(events, input, p.minOccasions())
                        .orElse(
                                "no user went "
                                        + window(p.grace())
                                        + " past the "
                                        + p.at()
                                        + " of their gaps");
            }
            case SEQUENCE -> sequence((SequenceParams) pattern.params(), events);
        };
    }

    /** "no REGISTER events in the input", when there were none. */
    private static Optional<String> missing(InputEvents events, EventType type) {
        return events.of(type) == 0
                ? Optional.of("no " + type + " events in the input")
                : Optional.empty();
    }

    private static String transition(LifecycleTransitionParams p, LifecycleSpec lifecycle) {
        String from = p.from() == null ? "" : " from " + p.from();
        Duration after =
                p.to() == LifecycleStage.SILENT
                        ? lifecycle.silentAfter()
                        : p.to() == LifecycleStage.CHURNED ? lifecycle.churnedAfter() : null;
        if (after != null && lifecycle.mode() == LifecycleSpec.Mode.GLOBAL && p.from() == null) {
            return "no buyer went "
                    + window(after)
                    + " without a purchase before the clock stopped";
        }
        return "no user moved to " + p.to() + from;
    }

    /** The reasons a purchase-cycle pattern cannot fire: no purchases, too few occasions. */
    private static Optional<String> cycle(InputEvents events, Input input, int minOccasions) {
        Optional<String> missing = missing(events, EventType.PURCHASE);
        if (missing.isPresent()) {
            return missing;
        }
        // A category's occasion is its first purchase within an occasion of the user: a user
        // has no more occasions in one category than overall, whatever the scope.
        if (input.mostOccasions() < minOccasions) {
            return Optional.of(
                    "no user with "
                            + minOccasions
                            + " purchase occasions (the most: "
                            + input.mostOccasions()
                            + ")");
        }
        return Optional.empty();
    }

    /** The event types of a step that must happen and that the input never had. */
    private static String sequence(SequenceParams p, InputEvents events) {
        for (SequenceParams.Step step : p.steps()) {
            if (step.after() != null && step.after().negated()) {
                continue;
            }
            if (step.types().stream().allMatch(type -> events.of(type) == 0)) {
                Set<String> names =
                        step.types().stream()
                                .map(Enum::name)
                                .collect(Collectors.toCollection(TreeSet::new));
                return "no " + String.join(" or ", names) + " events in the input";
            }
        }
        return "no user went through its steps within " + window(p.within());
    }

    private static String window(Duration duration) {
        return Durations.format(duration);
    }

    /** 1000 as "1,000", 99.5 as "99.5". */
    private static String amount(double value) {
        BigDecimal exact = BigDecimal.valueOf(value).stripTrailingZeros();
        return String.format(Locale.ROOT, "%,." + Math.max(0, exact.scale()) + "f", exact);
    }
}
