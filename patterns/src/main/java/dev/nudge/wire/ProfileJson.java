package dev.nudge.wire;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.nudge.event.Channel;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileKeeper;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.TopScores;
import dev.nudge.state.StateOutput;
import java.io.IOException;
import java.util.List;

/**
 * The profile snapshot on {@code user-profiles} (README, "Profile"): one JSON object per user,
 * keyed by userId; affinity scores decayed to the snapshot's time.
 */
public final class ProfileJson {
    private ProfileJson() {}

    /** The snapshot of {@code p} at event time {@code now}. */
    public static byte[] snapshot(String userId, Profile p, ProfileKeeper keeper, long now) {
        return Json.write(
                g -> {
                    g.writeStringField("userId", userId);
                    g.writeStringField("at", Json.time(now));
                    g.writeStringField("stage", p.stage().name());
                    time(g, "stageSince", p.stageSince());
                    time(g, "reactivatedAt", p.reactivatedAt());
                    List<String> segments = keeper.segments(p, now);
                    g.writeArrayFieldStart("segments");
                    for (String segment : segments) {
                        g.writeString(segment);
                    }
                    g.writeEndArray();

                    g.writeObjectFieldStart("rfm");
                    g.writeNumberField("recency", keeper.recencyScore(p, now));
                    g.writeNumberField("frequency", keeper.frequencyScore(p));
                    g.writeNumberField("monetary", keeper.monetaryScore(p));
                    double recency = keeper.recencyDays(p, now);
                    if (recency >= 0) {
                        g.writeNumberField("recencyDays", round(recency, 1));
                    }
                    g.writeEndObject();

                    g.writeObjectFieldStart("attributes");
                    Json.optional(g, "ageBand", p.ageBand());
                    Json.optional(g, "gender", p.gender());
                    Json.optional(g, "region", p.region());
                    g.writeStringField("timezone", keeper.zone(p).getId());
                    time(g, "registeredAt", p.registeredAt());
                    g.writeEndObject();

                    time(g, "firstSeen", p.firstSeen());
                    time(g, "lastSeen", p.lastSeen());
                    g.writeObjectFieldStart("counts");
                    g.writeNumberField("views", p.views());
                    g.writeNumberField("searches", p.searches());
                    g.writeNumberField("favorites", p.favorites());
                    g.writeNumberField("carts", p.carts());
                    g.writeNumberField("purchases", p.purchases());
                    g.writeNumberField("occasions", p.occasions());
                    g.writeNumberField("reviews", p.reviews());
                    if (p.meanRating() > 0) {
                        g.writeNumberField("meanRating", round(p.meanRating(), 2));
                    }
                    g.writeNumberField("shares", p.shares());
                    g.writeNumberField("likes", p.likes());
                    g.writeEndObject();

                    g.writeObjectFieldStart("monetary");
                    g.writeNumberField("total", round(p.monetaryTotal(), 2));
                    g.writeNumberField("last90d", round(p.monetary90d(now), 2));
                    time(g, "lastPurchaseAt", p.lastPurchaseAt());
                    g.writeEndObject();

                    g.writeObjectFieldStart("cycle");
                    cycle(g, p.cycle(), keeper.predictedNextPurchase(p));
                    g.writeArrayFieldStart("categories");
                    for (String category : p.cycleCategories()) {
                        g.writeStartObject();
                        g.writeStringField("categoryId", category);
                        cycle(g, p.cycle(category), keeper.predictedNextPurchase(p, category));
                        g.writeEndObject();
                    }
                    g.writeEndArray();
                    g.writeEndObject();

                    g.writeObjectFieldStart("preferences");
                    double decay =
                            p.affinityAt() == StateOutput.NO_TIME
                                    ? 1
                                    : keeper.affinityDecay(now - p.affinityAt());
                    scores(g, "categories", p.categories(), decay);
                    scores(g, "brands", p.brands(), decay);
                    g.writeNumberField("topBrandShare", round(p.topBrandShare(), 3));
                    g.writeNumberField("discountedShare", round(p.discountedShare(), 3));
                    g.writeNumberField("paidToViewedRatio", round(p.paidToViewedRatio(), 3));
                    g.writeNumberField("priceSensitivity", round(p.priceSensitivity(), 3));
                    int hour = p.bestSendHour();
                    if (hour >= 0) {
                        g.writeNumberField("bestSendHour", hour);
                    }
                    g.writeArrayFieldStart("recentItems");
                    for (String item : p.recentItems()) {
                        g.writeString(item);
                    }
                    g.writeEndArray();
                    g.writeEndObject();

                    g.writeObjectFieldStart("channels");
                    for (Channel channel : Channel.values()) {
                        g.writeObjectFieldStart(channel.name());
                        g.writeBooleanField("consent", keeper.consents(p, channel));
                        g.writeNumberField("delivered", p.delivered(channel));
                        g.writeNumberField("opened", p.opened(channel));
                        g.writeNumberField("clicked", p.clicked(channel));
                        g.writeNumberField(
                                "engagementRate", round(keeper.engagementRate(p, channel), 3));
                        g.writeEndObject();
                    }
                    g.writeEndObject();
                });
    }

    private static void cycle(JsonGenerator g, PurchaseCycle cycle, long predicted)
            throws IOException {
        g.writeNumberField("occasions", cycle.occasions());
        if (cycle.occasions() > 1) {
            g.writeNumberField("meanGapDays", round(cycle.meanGapDays(), 2));
            g.writeNumberField("spreadDays", round(cycle.spreadDays(), 2));
        }
        time(g, "predictedNextPurchase", predicted);
    }

    private static void scores(JsonGenerator g, String field, TopScores scores, double decay)
            throws IOException {
        g.writeArrayFieldStart(field);
        for (int index : scores.ranking()) {
            g.writeStartObject();
            g.writeStringField("id", scores.id(index));
            g.writeNumberField("score", round(scores.score(index) * decay, 3));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void time(JsonGenerator g, String field, long time) throws IOException {
        if (time != StateOutput.NO_TIME) {
            g.writeStringField(field, Json.time(time));
        }
    }

    private static double round(double value, int digits) {
        double scale = Math.pow(10, digits);
        return Math.round(value * scale) / scale;
    }
}
