package dev.nudge.pattern;

import java.util.List;

/**
 * What a template needs to personalise an action. Fields a pattern does not know are {@code null}
 * (or empty for {@code items}).
 *
 * @param items item ids, most relevant first (viewed items, cart items); at most {@link #MAX_ITEMS}
 * @param category the category the moment is about
 * @param brand the brand the moment is about
 * @param offer the offer chosen for the user, if any
 * @param predictedDate the predicted next purchase date (ISO-8601 date), for repurchase moments
 */
public record ActionParams(
        List<String> items, String category, String brand, String offer, String predictedDate) {

    public static final ActionParams NONE = new ActionParams(List.of(), null, null, null, null);

    /** The most items an action lists (a cart's, most recent first). */
    public static final int MAX_ITEMS = 10;

    public ActionParams {
        items =
                items == null
                        ? List.of()
                        : List.copyOf(
                                items.size() > MAX_ITEMS ? items.subList(0, MAX_ITEMS) : items);
    }
}
