package dev.nudge.wire;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.nudge.event.Channel;
import dev.nudge.event.Times;
import dev.nudge.pattern.ActionParams;
import dev.nudge.policy.Action;
import dev.nudge.policy.Decision;
import dev.nudge.profile.Affinity;
import dev.nudge.profile.ProfileView;
import dev.nudge.profile.PurchaseCycle;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The job's outputs written by Jackson's generator, tuned: one generator per writer (so per
 * thread), kept for every record over one reusable byte buffer, no separator between root values,
 * field names encoded once ({@link SerializedString} constants). Writes the same bytes as {@link
 * Json#action}, {@link Json#decision} and {@link ProfileJson#snapshot}: for snapshots the generator
 * escapes with lower-case hex and writes characters outside the BMP as UTF-8, as {@code JsonBytes}
 * does; actions and decisions keep Jackson's defaults, as {@link Json} does.
 */
public final class TunedJackson {
    private static final double PLAIN_BELOW = 1e7;
    private static final long[] SCALE = {1, 10, 100, 1000};

    private final Buffer bytes = new Buffer();
    private final JsonGenerator g;

    private TunedJackson(JsonFactory factory) {
        try {
            g = factory.createGenerator(bytes);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A writer of profile snapshots: lower-case hex escapes, supplementary characters as UTF-8. */
    public static TunedJackson forSnapshots() {
        return new TunedJackson(
                new JsonFactoryBuilder()
                        .rootValueSeparator((String) null)
                        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                        .disable(JsonWriteFeature.WRITE_HEX_UPPER_CASE)
                        .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
                        .build());
    }

    /** A writer of actions and decisions with the settings of {@link Json}. */
    public static TunedJackson forRecords() {
        return new TunedJackson(
                new JsonFactoryBuilder()
                        .rootValueSeparator((String) null)
                        .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                        .build());
    }

    private static final class Buffer extends ByteArrayOutputStream {
        Buffer() {
            super(2048);
        }
    }

    private byte[] finish() throws IOException {
        g.flush();
        byte[] result = bytes.toByteArray();
        bytes.reset();
        return result;
    }

    // ---- actions and decisions

    private static final SerializedString ACTION_ID = new SerializedString("actionId");
    private static final SerializedString USER_ID = new SerializedString("userId");
    private static final SerializedString PATTERN_ID = new SerializedString("patternId");
    private static final SerializedString CONFIG_VERSION = new SerializedString("configVersion");
    private static final SerializedString CHANNEL = new SerializedString("channel");
    private static final SerializedString TEMPLATE = new SerializedString("template");
    private static final SerializedString PARAMS = new SerializedString("params");
    private static final SerializedString OFFER = new SerializedString("offer");
    private static final SerializedString PRIORITY = new SerializedString("priority");
    private static final SerializedString TRIGGERED_AT = new SerializedString("triggeredAt");
    private static final SerializedString SEND_AT = new SerializedString("sendAt");
    private static final SerializedString EXPIRES_AT = new SerializedString("expiresAt");
    private static final SerializedString REASON = new SerializedString("reason");
    private static final SerializedString EVIDENCE = new SerializedString("evidence");
    private static final SerializedString ITEMS = new SerializedString("items");
    private static final SerializedString CATEGORY = new SerializedString("category");
    private static final SerializedString BRAND = new SerializedString("brand");
    private static final SerializedString PREDICTED_DATE = new SerializedString("predictedDate");
    private static final SerializedString DECISION_ID = new SerializedString("decisionId");
    private static final SerializedString PATTERN_TYPE = new SerializedString("patternType");
    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString SUPPRESSED_BY = new SerializedString("suppressedBy");

    public byte[] action(Action a) throws IOException {
        g.writeStartObject();
        string(ACTION_ID, a.actionId());
        string(USER_ID, a.userId());
        string(PATTERN_ID, a.patternId());
        string(CONFIG_VERSION, a.configVersion());
        string(CHANNEL, a.channel().name());
        string(TEMPLATE, a.template());
        g.writeFieldName(PARAMS);
        params(a.params());
        string(OFFER, a.offer());
        g.writeFieldName(PRIORITY);
        g.writeNumber(a.priority());
        string(TRIGGERED_AT, Times.utc(a.triggeredAt()));
        string(SEND_AT, Times.utc(a.sendAt()));
        string(EXPIRES_AT, Times.utc(a.expiresAt()));
        string(REASON, a.reason());
        strings(EVIDENCE, a.evidence());
        g.writeEndObject();
        return finish();
    }

    public byte[] decision(Decision d) throws IOException {
        g.writeStartObject();
        string(DECISION_ID, d.decisionId());
        string(USER_ID, d.userId());
        string(PATTERN_ID, d.patternId());
        string(PATTERN_TYPE, d.patternType().name());
        string(CONFIG_VERSION, d.configVersion());
        string(TRIGGERED_AT, Times.utc(d.triggeredAt()));
        strings(EVIDENCE, d.evidence());
        string(OUTCOME, d.outcome().name());
        string(SUPPRESSED_BY, d.suppressedBy() == null ? null : d.suppressedBy().name());
        string(ACTION_ID, d.actionId());
        string(CHANNEL, d.channel() == null ? null : d.channel().name());
        string(REASON, d.reason());
        g.writeEndObject();
        return finish();
    }

    private void params(ActionParams p) throws IOException {
        g.writeStartObject();
        if (!p.items().isEmpty()) {
            strings(ITEMS, p.items());
        }
        optional(CATEGORY, p.category());
        optional(BRAND, p.brand());
        optional(OFFER, p.offer());
        optional(PREDICTED_DATE, p.predictedDate());
        g.writeEndObject();
    }

    // ---- profile snapshots

    private static final SerializedString AT = new SerializedString("at");
    private static final SerializedString STAGE = new SerializedString("stage");
    private static final SerializedString STAGE_SINCE = new SerializedString("stageSince");
    private static final SerializedString REACTIVATED_AT = new SerializedString("reactivatedAt");
    private static final SerializedString SEGMENTS = new SerializedString("segments");
    private static final SerializedString RFM = new SerializedString("rfm");
    private static final SerializedString RECENCY = new SerializedString("recency");
    private static final SerializedString FREQUENCY = new SerializedString("frequency");
    private static final SerializedString MONETARY = new SerializedString("monetary");
    private static final SerializedString RECENCY_DAYS = new SerializedString("recencyDays");
    private static final SerializedString ATTRIBUTES = new SerializedString("attributes");
    private static final SerializedString AGE_BAND = new SerializedString("ageBand");
    private static final SerializedString GENDER = new SerializedString("gender");
    private static final SerializedString REGION = new SerializedString("region");
    private static final SerializedString TIMEZONE = new SerializedString("timezone");
    private static final SerializedString REGISTERED_AT = new SerializedString("registeredAt");
    private static final SerializedString FIRST_SEEN = new SerializedString("firstSeen");
    private static final SerializedString LAST_SEEN = new SerializedString("lastSeen");
    private static final SerializedString COUNTS = new SerializedString("counts");
    private static final SerializedString VIEWS = new SerializedString("views");
    private static final SerializedString SEARCHES = new SerializedString("searches");
    private static final SerializedString FAVORITES = new SerializedString("favorites");
    private static final SerializedString CARTS = new SerializedString("carts");
    private static final SerializedString PURCHASES = new SerializedString("purchases");
    private static final SerializedString OCCASIONS = new SerializedString("occasions");
    private static final SerializedString REVIEWS = new SerializedString("reviews");
    private static final SerializedString MEAN_RATING = new SerializedString("meanRating");
    private static final SerializedString SHARES = new SerializedString("shares");
    private static final SerializedString LIKES = new SerializedString("likes");
    private static final SerializedString TOTAL = new SerializedString("total");
    private static final SerializedString LAST_90D = new SerializedString("last90d");
    private static final SerializedString LAST_PURCHASE_AT = new SerializedString("lastPurchaseAt");
    private static final SerializedString CYCLE = new SerializedString("cycle");
    private static final SerializedString CATEGORIES = new SerializedString("categories");
    private static final SerializedString CATEGORY_ID = new SerializedString("categoryId");
    private static final SerializedString PREFERENCES = new SerializedString("preferences");
    private static final SerializedString BRANDS = new SerializedString("brands");
    private static final SerializedString TOP_BRAND_SHARE = new SerializedString("topBrandShare");
    private static final SerializedString DISCOUNTED_SHARE =
            new SerializedString("discountedShare");
    private static final SerializedString PAID_TO_VIEWED =
            new SerializedString("paidToViewedRatio");
    private static final SerializedString PRICE_SENSITIVITY =
            new SerializedString("priceSensitivity");
    private static final SerializedString BEST_SEND_HOUR = new SerializedString("bestSendHour");
    private static final SerializedString RECENT_ITEMS = new SerializedString("recentItems");
    private static final SerializedString CHANNELS = new SerializedString("channels");
    private static final SerializedString CONSENT = new SerializedString("consent");
    private static final SerializedString DELIVERED = new SerializedString("delivered");
    private static final SerializedString OPENED = new SerializedString("opened");
    private static final SerializedString CLICKED = new SerializedString("clicked");
    private static final SerializedString ENGAGEMENT_RATE = new SerializedString("engagementRate");
    private static final SerializedString TYPICAL_GAP_DAYS = new SerializedString("typicalGapDays");
    private static final SerializedString GAP_DAYS_P25 = new SerializedString("gapDaysP25");
    private static final SerializedString GAP_DAYS_P75 = new SerializedString("gapDaysP75");
    private static final SerializedString EXPECTED_FROM = new SerializedString("expectedFrom");
    private static final SerializedString EXPECTED_UNTIL = new SerializedString("expectedUntil");
    private static final SerializedString PREDICTED_NEXT =
            new SerializedString("predictedNextPurchase");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString SCORE = new SerializedString("score");
    private static final SerializedString[] CHANNEL_NAMES = {
        new SerializedString(Channel.values()[0].name()),
        new SerializedString(Channel.values()[1].name()),
        new SerializedString(Channel.values()[2].name())
    };

    public byte[] snapshot(String userId, ProfileView p, long now) throws IOException {
        g.writeStartObject();
        string(USER_ID, userId);
        string(AT, Times.utc(now));
        string(STAGE, p.stage().name());
        time(STAGE_SINCE, p.stageSince());
        time(REACTIVATED_AT, p.reactivatedAt());
        g.writeFieldName(SEGMENTS);
        g.writeStartArray();
        for (String segment : p.segments(now)) {
            g.writeString(segment);
        }
        g.writeEndArray();

        g.writeFieldName(RFM);
        g.writeStartObject();
        number(RECENCY, p.recencyScore(now));
        number(FREQUENCY, p.frequencyScore());
        number(MONETARY, p.monetaryScore());
        double recency = p.recencyDays(now);
        if (recency >= 0) {
            decimal(RECENCY_DAYS, recency, 1);
        }
        g.writeEndObject();

        g.writeFieldName(ATTRIBUTES);
        g.writeStartObject();
        optional(AGE_BAND, p.ageBand());
        optional(GENDER, p.gender());
        optional(REGION, p.region());
        string(TIMEZONE, p.zone().getId());
        time(REGISTERED_AT, p.registeredAt());
        g.writeEndObject();

        time(FIRST_SEEN, p.firstSeen());
        time(LAST_SEEN, p.lastSeen());
        g.writeFieldName(COUNTS);
        g.writeStartObject();
        number(VIEWS, p.views());
        number(SEARCHES, p.searches());
        number(FAVORITES, p.favorites());
        number(CARTS, p.carts());
        number(PURCHASES, p.purchases());
        number(OCCASIONS, p.occasions());
        number(REVIEWS, p.reviews());
        if (p.meanRating() > 0) {
            decimal(MEAN_RATING, p.meanRating(), 2);
        }
        number(SHARES, p.shares());
        number(LIKES, p.likes());
        g.writeEndObject();

        g.writeFieldName(MONETARY);
        g.writeStartObject();
        int digits = p.money().digits();
        money(TOTAL, p.monetaryTotal(), digits);
        money(LAST_90D, p.monetary90d(now), digits);
        time(LAST_PURCHASE_AT, p.lastPurchaseAt());
        g.writeEndObject();

        g.writeFieldName(CYCLE);
        g.writeStartObject();
        cycle(p.cycle());
        g.writeFieldName(CATEGORIES);
        g.writeStartArray();
        for (PurchaseCycle cycle : p.categoryCycles()) {
            g.writeStartObject();
            string(CATEGORY_ID, cycle.categoryId());
            cycle(cycle);
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeFieldName(PREFERENCES);
        g.writeStartObject();
        scores(CATEGORIES, p.categoryAffinities(now));
        scores(BRANDS, p.brandAffinities(now));
        decimal(TOP_BRAND_SHARE, p.topBrandShare(), 3);
        decimal(DISCOUNTED_SHARE, p.discountedShare(), 3);
        decimal(PAID_TO_VIEWED, p.paidToViewedRatio(), 3);
        decimal(PRICE_SENSITIVITY, p.priceSensitivity(), 3);
        int hour = p.bestSendHour();
        if (hour >= 0) {
            number(BEST_SEND_HOUR, hour);
        }
        g.writeFieldName(RECENT_ITEMS);
        g.writeStartArray();
        for (String item : p.recentItems()) {
            g.writeString(item);
        }
        g.writeEndArray();
        g.writeEndObject();

        g.writeFieldName(CHANNELS);
        g.writeStartObject();
        for (Channel channel : Channel.values()) {
            g.writeFieldName(CHANNEL_NAMES[channel.ordinal()]);
            g.writeStartObject();
            g.writeFieldName(CONSENT);
            g.writeBoolean(p.consents(channel));
            number(DELIVERED, p.delivered(channel));
            number(OPENED, p.opened(channel));
            number(CLICKED, p.clicked(channel));
            decimal(ENGAGEMENT_RATE, p.engagementRate(channel), 3);
            g.writeEndObject();
        }
        g.writeEndObject();
        g.writeEndObject();
        return finish();
    }

    private void cycle(PurchaseCycle cycle) throws IOException {
        number(OCCASIONS, cycle.occasions());
        if (cycle.occasions() > 1) {
            decimal(TYPICAL_GAP_DAYS, cycle.typicalGapDays(), 2);
            decimal(GAP_DAYS_P25, cycle.lowGapDays(), 2);
            decimal(GAP_DAYS_P75, cycle.highGapDays(), 2);
        }
        time(PREDICTED_NEXT, cycle.predictedAt());
        time(EXPECTED_FROM, cycle.expectedFrom());
        time(EXPECTED_UNTIL, cycle.expectedUntil());
    }

    private void scores(SerializedString field, List<Affinity> affinities) throws IOException {
        g.writeFieldName(field);
        g.writeStartArray();
        for (Affinity affinity : affinities) {
            g.writeStartObject();
            string(ID, affinity.id());
            decimal(SCORE, affinity.score(), 3);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void time(SerializedString field, long time) throws IOException {
        if (time != Times.NONE) {
            string(field, Times.utc(time));
        }
    }

    // ---- values

    private void string(SerializedString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private void optional(SerializedString field, String value) throws IOException {
        if (value != null) {
            string(field, value);
        }
    }

    private void strings(SerializedString field, List<String> values) throws IOException {
        g.writeFieldName(field);
        g.writeStartArray();
        for (String value : values) {
            g.writeString(value);
        }
        g.writeEndArray();
    }

    private void number(SerializedString field, long value) throws IOException {
        g.writeFieldName(field);
        g.writeNumber(value);
    }

    /**
     * Rounded half up to {@code digits} decimals, as the shortest text of the rounded value: below
     * 10^7 Jackson's own double writer gives that text; from there on {@link Double#toString}, as
     * {@code JsonBytes} does.
     */
    private void decimal(SerializedString field, double value, int digits) throws IOException {
        g.writeFieldName(field);
        long scale = SCALE[digits];
        double rounded = (double) Math.round(value * scale) / scale;
        if (Math.abs(rounded) >= PLAIN_BELOW) {
            g.writeNumber(Double.toString(rounded));
        } else {
            g.writeNumber(rounded);
        }
    }

    /** Minor units as a plain decimal with trailing zeros left out but one, exactly. */
    private void money(SerializedString field, long minorUnits, int digits) throws IOException {
        g.writeFieldName(field);
        if (digits == 0) {
            g.writeNumber(minorUnits);
            return;
        }
        long scale = 1;
        for (int i = 0; i < digits; i++) {
            scale *= 10;
        }
        long whole = minorUnits / scale;
        long fraction = Math.abs(minorUnits % scale);
        StringBuilder text = new StringBuilder(24);
        if (minorUnits < 0 && whole == 0) {
            text.append('-');
        }
        text.append(whole).append('.');
        if (fraction == 0) {
            text.append('0');
        } else {
            int shown = digits;
            while (fraction % 10 == 0) {
                fraction /= 10;
                shown--;
            }
            String f = Long.toString(fraction);
            for (int zeros = shown - f.length(); zeros > 0; zeros--) {
                text.append('0');
            }
            text.append(f);
        }
        g.writeNumber(text.toString());
    }
}
