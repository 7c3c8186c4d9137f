package dev.nudge.demo;

import dev.nudge.config.ActionSpec;
import dev.nudge.config.FlowSpec;
import dev.nudge.config.OfferRule;
import dev.nudge.config.PatternSpec;
import dev.nudge.config.PatternsConfig;
import dev.nudge.config.Shown;
import dev.nudge.config.Variant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The demo's table of actions: a header row naming the columns, then one line per action that fits
 * the terminal. The columns are as wide as the configuration's longest moment, template and offer,
 * so that they line up; only the last column, the reason, is cut (with "…") to fit the width. A
 * value wider than its column (a template added by a live change, say) moves the rest of its line
 * along and leaves less room for the reason, never more than the width.
 *
 * @param width the terminal's width in characters
 * @param momentWidth the width of the column of patterns and flow steps; likewise the others
 */
record ActionColumns(int width, int momentWidth, int templateWidth, int offerWidth, int userWidth) {
    /** The width when the terminal does not say. */
    static final int DEFAULT_WIDTH = 120;

    private static final String INDENT = "  ";
    private static final int TIME = 6;

    /** The header's word is wider than every channel's name (PUSH, EMAIL, SMS). */
    private static final int CHANNEL = "channel".length();

    private static final String NO_OFFER = "-";

    /**
     * Columns for the actions that {@code config} can send to users numbered below {@code users}.
     */
    static ActionColumns of(PatternsConfig config, int users, int width) {
        List<String> moments = new ArrayList<>(List.of("moment or flow/step"));
        List<String> templates = new ArrayList<>(List.of("template"));
        List<String> offers = new ArrayList<>(List.of("offer"));
        config.offers().forEach(rule -> offers.add(rule.offer()));
        for (PatternSpec pattern : config.patterns()) {
            moments.add(pattern.id());
            add(pattern.action(), templates, offers);
        }
        for (FlowSpec flow : config.flows()) {
            for (FlowSpec.Step step : flow.steps()) {
                if (step instanceof FlowSpec.Send send) {
                    moments.add(flow.id() + "/" + send.name());
                    add(send.action(), templates, offers);
                }
            }
        }
        return new ActionColumns(
                width,
                longest(moments),
                longest(templates),
                longest(offers),
                Math.max("user".length(), ("u" + Math.max(0, users - 1)).length()));
    }

    /**
     * The terminal's width: {@code COLUMNS} when it is set to a usable number, else {@link
     * #DEFAULT_WIDTH}. Shells set {@code COLUMNS} for themselves and seldom export it, so the
     * default is what most runs get.
     */
    static int width(Map<String, String> environment) {
        String columns = environment.get("COLUMNS");
        if (columns != null) {
            try {
                int width = Integer.parseInt(columns.trim());
                if (width >= 40) {
                    return width;
                }
            } catch (NumberFormatException notANumber) {
                // Not a width: the default.
            }
        }
        return DEFAULT_WIDTH;
    }

    /** The header row, in the columns of {@link #line}. */
    String header() {
        return fit(
                String.format(Locale.ROOT, "%s%" + TIME + "s  ", INDENT, "time")
                        + columns("moment or flow/step", "channel", "template", "offer", "user"),
                "why");
    }

    /**
     * One action, with the seconds since the demo started; cut to the width in its reason only.
     *
     * @param offer the action's offer, or {@code null} for none
     */
    String line(
            double seconds,
            String sentBy,
            String channel,
            String template,
            String offer,
            String userId,
            String reason) {
        return fit(
                String.format(Locale.ROOT, "%s%" + (TIME - 1) + ".1fs  ", INDENT, seconds)
                        + columns(
                                sentBy,
                                channel,
                                template,
                                offer == null ? NO_OFFER : offer,
                                userId),
                reason);
    }

    /** The middle columns, each padded to its width, and a space after each. */
    private String columns(
            String sentBy, String channel, String template, String offer, String userId) {
        return pad(sentBy, momentWidth)
                + pad(channel, CHANNEL)
                + pad(template, templateWidth)
                + pad(offer, offerWidth)
                + pad(userId, userWidth);
    }

    private static String pad(String value, int width) {
        return String.format(Locale.ROOT, "%-" + width + "s ", value);
    }

    /**
     * {@code columns} and as much of {@code reason} as fits the width; at least its first character
     * and "…" when the columns alone fill the width.
     */
    private String fit(String columns, String reason) {
        int room = Math.max(2, width - columns.length());
        return columns + Shown.clipped(reason, room);
    }

    private static void add(ActionSpec action, List<String> templates, List<String> offers) {
        templates.add(action.template());
        for (OfferRule rule : action.offers()) {
            offers.add(rule.offer());
        }
        for (Variant variant : action.variants()) {
            if (variant.template() != null) {
                templates.add(variant.template());
            }
            if (variant.offer() != null) {
                offers.add(variant.offer());
            }
        }
    }

    private static int longest(List<String> values) {
        return values.stream().mapToInt(String::length).max().orElse(1);
    }
}
