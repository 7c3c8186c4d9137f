package dev.nudge.wire;

import dev.nudge.event.Channel;
import dev.nudge.event.Times;
import dev.nudge.profile.Profile;
import dev.nudge.profile.ProfileKeeper;
import dev.nudge.profile.PurchaseCycle;
import dev.nudge.profile.TopScores;

/**
 * The profile snapshot on {@code user-profiles} (README, "Profile"): one JSON object per user,
 * keyed by userId; affinity scores decayed to the snapshot's time. A writer keeps its buffer from
 * one snapshot to the next, so use one per thread.
 */
public final class ProfileJson {
    private final JsonBytes buffer = new JsonBytes(2048);

    /** The snapshot of {@code p} at event time {@code now}. */
    public byte[] snapshot(String userId, Profile p, ProfileKeeper keeper, long now) {
        JsonBytes g = buffer.reset().startObject();
        g.field("userId").value(userId);
        g.field("at").value(Json.time(now));
        g.field("stage").value(p.stage().name());
        time(g, "stageSince", p.stageSince());
        time(g, "reactivatedAt", p.reactivatedAt());
        g.field("segments").startArray();
        for (String segment : keeper.segments(p, now)) {
            g.value(segment);
        }
        g.endArray();

        g.field("rfm").startObject();
        g.field("recency").value(keeper.recencyScore(p, now));
        g.field("frequency").value(keeper.frequencyScore(p));
        g.field("monetary").value(keeper.monetaryScore(p));
        double recency = keeper.recencyDays(p, now);
        if (recency >= 0) {
            g.field("recencyDays").decimal(recency, 1);
        }
        g.endObject();

        g.field("attributes").startObject();
        optional(g, "ageBand", p.ageBand());
        optional(g, "gender", p.gender());
        optional(g, "region", p.region());
        g.field("timezone").value(keeper.zone(p).getId());
        time(g, "registeredAt", p.registeredAt());
        g.endObject();

        time(g, "firstSeen", p.firstSeen());
        time(g, "lastSeen", p.lastSeen());
        g.field("counts").startObject();
        g.field("views").value(p.views());
        g.field("searches").value(p.searches());
        g.field("favorites").value(p.favorites());
        g.field("carts").value(p.carts());
        g.field("purchases").value(p.purchases());
        g.field("occasions").value(p.occasions());
        g.field("reviews").value(p.reviews());
        if (p.meanRating() > 0) {
            g.field("meanRating").decimal(p.meanRating(), 2);
        }
        g.field("shares").value(p.shares());
        g.field("likes").value(p.likes());
        g.endObject();

        g.field("monetary").startObject();
        int digits = keeper.money().digits();
        g.field("total").money(p.monetaryTotal(), digits);
        g.field("last90d").money(p.monetary90d(now), digits);
        time(g, "lastPurchaseAt", p.lastPurchaseAt());
        g.endObject();

        g.field("cycle").startObject();
        cycle(g, p.cycle(), keeper.predictedNextPurchase(p));
        g.field("categories").startArray();
        for (String category : p.cycleCategories()) {
            g.startObject();
            g.field("categoryId").value(category);
            cycle(g, p.cycle(category), keeper.predictedNextPurchase(p, category));
            g.endObject();
        }
        g.endArray();
        g.endObject();

        g.field("preferences").startObject();
        double decay =
                p.affinityAt() == Times.NONE ? 1 : keeper.affinityDecay(now - p.affinityAt());
        scores(g, "categories", p.categories(), decay);
        scores(g, "brands", p.brands(), decay);
        g.field("topBrandShare").decimal(p.topBrandShare(), 3);
        g.field("discountedShare").decimal(p.discountedShare(), 3);
        g.field("paidToViewedRatio").decimal(p.paidToViewedRatio(), 3);
        g.field("priceSensitivity").decimal(p.priceSensitivity(), 3);
        int hour = p.bestSendHour();
        if (hour >= 0) {
            g.field("bestSendHour").value(hour);
        }
        g.field("recentItems").startArray();
        for (String item : p.recentItems()) {
            g.value(item);
        }
        g.endArray();
        g.endObject();

        g.field("channels").startObject();
        for (Channel channel : Channel.values()) {
            g.field(channel.name()).startObject();
            g.field("consent").value(keeper.consents(p, channel));
            g.field("delivered").value(p.delivered(channel));
            g.field("opened").value(p.opened(channel));
            g.field("clicked").value(p.clicked(channel));
            g.field("engagementRate").decimal(keeper.engagementRate(p, channel), 3);
            g.endObject();
        }
        g.endObject();
        return g.endObject().toBytes();
    }

    private static void cycle(JsonBytes g, PurchaseCycle cycle, long predicted) {
        g.field("occasions").value(cycle.occasions());
        if (cycle.occasions() > 1) {
            g.field("meanGapDays").decimal(cycle.meanGapDays(), 2);
            g.field("spreadDays").decimal(cycle.spreadDays(), 2);
        }
        time(g, "predictedNextPurchase", predicted);
    }

    private static void scores(JsonBytes g, String field, TopScores scores, double decay) {
        g.field(field).startArray();
        for (int index : scores.ranking()) {
            g.startObject();
            g.field("id").value(scores.id(index));
            g.field("score").decimal(scores.score(index) * decay, 3);
            g.endObject();
        }
        g.endArray();
    }

    private static void time(JsonBytes g, String field, long time) {
        if (time != Times.NONE) {
            g.field(field).value(Json.time(time));
        }
    }

    private static void optional(JsonBytes g, String field, String value) {
        if (value != null) {
            g.field(field).value(value);
        }
    }
}
