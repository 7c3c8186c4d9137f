package dev.nudge.wire;

import dev.nudge.event.Channel;
import dev.nudge.event.Times;
import dev.nudge.profile.Affinity;
import dev.nudge.profile.ProfileView;
import dev.nudge.profile.PurchaseCycle;
import java.util.List;

/**
 * The profile snapshot on {@code user-profiles} (docs/profile.md): one JSON object per user, keyed
 * by userId; affinity scores decayed to the snapshot's time. A writer keeps its buffer from one
 * snapshot to the next, so use one per thread.
 */
public final class ProfileJson {
    private final JsonBytes buffer = new JsonBytes(2048);

    /** The snapshot of the profile {@code p} shows, at event time {@code now}. */
    public byte[] snapshot(String userId, ProfileView p, long now) {
        JsonBytes g = buffer.reset().startObject();
        g.field("userId").value(userId);
        g.field("at").value(Json.time(now));
        g.field("stage").value(p.stage().name());
        time(g, "stageSince", p.stageSince());
        time(g, "reactivatedAt", p.reactivatedAt());
        g.field("segments").startArray();
        for (String segment : p.segments(now)) {
            g.value(segment);
        }
        g.endArray();

        g.field("rfm").startObject();
        g.field("recency").value(p.recencyScore(now));
        g.field("frequency").value(p.frequencyScore());
        g.field("monetary").value(p.monetaryScore());
        double recency = p.recencyDays(now);
        if (recency >= 0) {
            g.field("recencyDays").decimal(recency, 1);
        }
        g.endObject();

        g.field("attributes").startObject();
        optional(g, "ageBand", p.ageBand());
        optional(g, "gender", p.gender());
        optional(g, "region", p.region());
        g.field("timezone").value(p.zone().getId());
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
        int digits = p.money().digits();
        g.field("total").money(p.monetaryTotal(), digits);
        g.field("last90d").money(p.monetary90d(now), digits);
        time(g, "lastPurchaseAt", p.lastPurchaseAt());
        g.endObject();

        g.field("cycle").startObject();
        cycle(g, p.cycle());
        g.field("categories").startArray();
        for (PurchaseCycle cycle : p.categoryCycles()) {
            g.startObject();
            g.field("categoryId").value(cycle.categoryId());
            cycle(g, cycle);
            g.endObject();
        }
        g.endArray();
        g.endObject();

        g.field("preferences").startObject();
        scores(g, "categories", p.categoryAffinities(now));
        scores(g, "brands", p.brandAffinities(now));
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
            g.field("consent").value(p.consents(channel));
            g.field("delivered").value(p.delivered(channel));
            g.field("opened").value(p.opened(channel));
            g.field("clicked").value(p.clicked(channel));
            g.field("engagementRate").decimal(p.engagementRate(channel), 3);
            g.endObject();
        }
        g.endObject();
        return g.endObject().toBytes();
    }

    private static void cycle(JsonBytes g, PurchaseCycle cycle) {
        g.field("occasions").value(cycle.occasions());
        if (cycle.occasions() > 1) {
            g.field("typicalGapDays").decimal(cycle.typicalGapDays(), 2);
            g.field("gapDaysP25").decimal(cycle.lowGapDays(), 2);
            g.field("gapDaysP75").decimal(cycle.highGapDays(), 2);
        }
        time(g, "predictedNextPurchase", cycle.predictedAt());
        time(g, "expectedFrom", cycle.expectedFrom());
        time(g, "expectedUntil", cycle.expectedUntil());
    }

    private static void scores(JsonBytes g, String field, List<Affinity> affinities) {
        g.field(field).startArray();
        for (Affinity affinity : affinities) {
            g.startObject();
            g.field("id").value(affinity.id());
            g.field("score").decimal(affinity.score(), 3);
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
