package dev.nudge.upgrade;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.nudge.connect.KafkaConnectors;
import dev.nudge.event.Channel;
import dev.nudge.event.EventType;
import dev.nudge.event.UserEvent;
import dev.nudge.job.JobSettings;
import dev.nudge.job.NudgeJob;
import dev.nudge.testing.Kafka;
import dev.nudge.testing.Shopper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The shoppers, patterns and times of the release savepoint: what {@link ReleaseSavepointWriter}
 * plays into the job before it takes the savepoint, and what {@code PreviousReleaseSavepointIT}
 * expects of it after the restore. Each shopper stands for one kind of state the savepoint must
 * carry (the list is in {@code savepoints/README.md}).
 *
 * <p>Event time is Shanghai's (the configuration's zone) in December 2017. The savepoint is taken
 * when the watermark has reached {@link #SAVEPOINT_TIME}, 2017-12-15 12:00 (less the 5 s of
 * out-of-orderness): everything due before it has been decided, ari's match waits in its
 * arbitration window, and nothing else is due before 12:10, so that what the fixture holds does not
 * depend on how fast the writer's job ran.
 *
 * <p>The events before the savepoint are in the fixture, and nowhere else: changing them, or the
 * configuration, means writing a new fixture (the test would no longer describe the old one).
 */
final class ReleaseScenario {
    static final ZoneId SHANGHAI = ZoneId.of("Asia/Shanghai");

    /** The consumer group and transactional id prefix of the job, before and after the restore. */
    static final String NAME = "nudge-release-savepoint";

    static final String WATERMARKS = "{maxOutOfOrderness: 5s, idleness: 5m}";

    /** The job's parallelism and the partitions of {@code user-events}. */
    static final int PARALLELISM = 2;

    /** The version of the {@code patterns.yaml} the job is started with. */
    static final String FILE_VERSION = "2017-12-15.1";

    /** The version published on {@code marketing-control} before the savepoint: in force after. */
    static final String LIVE_VERSION = "2017-12-15.2";

    /** The file: the shipped patterns, and a SEQUENCE whose match completes on an event. */
    static final String FILE = patterns(FILE_VERSION, "cart_abandon_v1");

    /** Applied live: the cart template changes (a change that applies without a restart). */
    static final String LIVE = patterns(LIVE_VERSION, "cart_abandon_v2");

    /** The watermark when the savepoint is taken: 2017-12-15 12:00 in Shanghai. */
    static final long SAVEPOINT_TIME = at("2017-12-15 12:00");

    /** Three purchases ten days apart: a repurchase predicted for 2017-12-25. */
    static final Shopper RITA = Shopper.named("rita");

    /** In Berlin, where 11:20 in Shanghai is 04:20: her browse action is held until 08:00. */
    static final Shopper HOLLY = Shopper.named("holly");

    /** Registered a day before the savepoint: a first-order reminder due on 2017-12-17. */
    static final Shopper NORA = Shopper.named("nora");

    /** Her cart action went by PUSH at 10:00: the PUSH cap (1 per 4 h) holds until 14:00. */
    static final Shopper FRAN = Shopper.named("fran");

    /** Her cart action went at 10:30: the touch a purchase after the restore is attributed to. */
    static final Shopper TESS = Shopper.named("tess");

    /** Spent 80 of the 100 that make the vip moment. */
    static final Shopper VIC = Shopper.named("vic");

    /** Withdrew PUSH consent, then opened a browse episode due at 12:20. */
    static final Shopper BEN = Shopper.named("ben");

    /** A cart open since 11:00, due at 13:00. */
    static final Shopper CARA = Shopper.named("cara");

    /**
     * His browse action went at 11:58, decided at 11:59: the pattern's cooldown (24 h) holds until
     * tomorrow. The last action before the savepoint: once it is committed, every journey has seen
     * the watermark the savepoint is taken at.
     */
    static final Shopper CODY = Shopper.named("cody");

    /** One search: search-then-save's partial match, waiting in its CEP operator for a FAVORITE. */
    static final Shopper SAM = Shopper.named("sam");

    /** Two searches and no cart: search-without-result's match, due by CEP's timer at 12:10. */
    static final Shopper SIA = Shopper.named("sia");

    /**
     * A browse match at 11:59:30, waiting in the arbitration window (until 12:00:30) when the
     * savepoint is taken.
     */
    static final Shopper ARI = Shopper.named("ari");

    /** Erased at 11:35: an erasure marker in the journey operator's operator state. */
    static final Shopper ELI = Shopper.named("eli");

    /** Ticks move the watermark of every partition; events of their own user. */
    static final String CLOCK = "clock";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ReleaseScenario() {}

    /** {@code local} ("2017-12-15 12:00", or with seconds) in Shanghai, in epoch milliseconds. */
    static long at(String local) {
        return LocalDateTime.parse(local.replace(' ', 'T'))
                .atZone(SHANGHAI)
                .toInstant()
                .toEpochMilli();
    }

    /**
     * The shipped configuration's patterns and policy, with the holdout off (so that every decision
     * is known in advance), HIGH_VALUE at 100 instead of 1,000, and one more SEQUENCE whose match
     * completes on an event rather than on CEP's timer.
     */
    static String patterns(String version, String cartTemplate) {
        return "version: \""
                + version
                + "\"\n"
                + """
                timezone: Asia/Shanghai
                currency: CNY
                lifecycle: {silentAfter: 30d, churnedAfter: 90d}
                segments:
                  price-sensitive: {minDiscountedShare: 0.5, minPurchases: 2}
                  brand-loyal: {minTopBrandShare: 0.6, minPurchases: 3}
                  high-value: {minSpend90d: 1000}
                policy:
                  quietHours: {start: "22:00", end: "08:00", mode: HOLD}
                  frequencyCaps:
                    - {channel: ANY, max: 3, per: 1d}
                    - {channel: PUSH, max: 1, per: 4h}
                  capOverflow: SKIP
                  arbitrationWindow: 1m
                  holdoutPercent: 0
                  holdoutSalt: "2026-q4"
                  attributionWindow: 3d
                  consentDefaults: {PUSH: true, EMAIL: true, SMS: false}
                offers:
                  - {segment: PROSPECT, offer: FIRST_ORDER_COUPON}
                  - {segment: price-sensitive, offer: COUPON_10}
                patterns:
                  - id: browse-abandonment
                    type: BROWSE_WITHOUT_BUY
                    params: {minViews: 2, window: 30m}
                    action: {channels: [PUSH, EMAIL], template: browse_abandon_v1, priority: 50, cooldown: 24h, ttl: 12h}
                  - id: cart-abandonment
                    type: CART_ABANDONMENT
                    params: {window: 2h}
                    action: {channels: [PUSH, EMAIL], template: CART_TEMPLATE, priority: 80, cooldown: 24h, ttl: 24h}
                  - id: new-user-first-order
                    type: NEW_USER_NO_PURCHASE
                    params: {window: 3d}
                    action: {channels: [EMAIL, PUSH], template: first_order_v1, priority: 40, cooldown: 7d, ttl: 2d}
                  - id: restock-reminder
                    type: PREDICTED_REPURCHASE
                    params: {scope: OVERALL, minOccasions: 3, leadTime: 1d}
                    action: {channels: [PUSH, EMAIL], template: restock_v1, priority: 60, cooldown: 3d, ttl: 1d, sendTime: BEST_HOUR}
                  - id: win-back
                    type: LIFECYCLE_TRANSITION
                    params: {to: SILENT}
                    audience: {exclude: [PROSPECT]}
                    action: {channels: [EMAIL], template: winback_v1, priority: 70, cooldown: 30d, ttl: 3d}
                  - id: vip-milestone
                    type: HIGH_VALUE
                    params: {spend: 100, window: 30d}
                    action: {channels: [EMAIL], template: vip_thanks_v1, priority: 90, cooldown: 30d, ttl: 7d}
                  - id: search-without-result
                    type: SEQUENCE
                    params:
                      within: 30m
                      steps:
                        - {name: searched, type: SEARCH, times: 2}
                        - {name: no-cart, type: ADD_TO_CART, after: notFollowedBy}
                    action: {channels: [PUSH], template: search_help_v1, priority: 45, cooldown: 24h, ttl: 2h}
                  - id: search-then-save
                    type: SEQUENCE
                    params:
                      within: 1h
                      steps:
                        - {name: searched, type: SEARCH}
                        - {name: saved, type: FAVORITE}
                    action: {channels: [PUSH], template: saved_search_v1, priority: 45, cooldown: 24h, ttl: 2h}
                """
                        .replace("CART_TEMPLATE", cartTemplate);
    }

    /** The events before the savepoint, in event-time order. */
    static List<UserEvent> beforeSavepoint() {
        List<UserEvent> events = new ArrayList<>();
        for (String day : List.of("2017-11-25", "2017-12-05", "2017-12-15")) {
            events.add(RITA.buys("tea").at(at(day + " 10:00")));
        }
        // Her most active hour is 19:00, so that the restock reminder waits for it.
        for (String day : List.of("2017-11-25", "2017-12-05", "2017-12-14")) {
            for (String clock : List.of("19:30", "19:40", "19:50")) {
                events.add(likes(RITA, at(day + " " + clock)));
            }
        }
        events.add(registers(HOLLY, "Europe/Berlin", at("2017-12-10 10:00")));
        events.add(HOLLY.views("lamp").at(at("2017-12-15 10:50")));
        events.add(HOLLY.views("rug").at(at("2017-12-15 10:52")));
        events.add(registers(NORA, null, at("2017-12-14 12:00")));
        events.add(FRAN.addsToCart("kettle").at(at("2017-12-15 08:00")));
        events.add(TESS.addsToCart("teapot").at(at("2017-12-15 08:30")));
        events.add(VIC.buys("scarf", "c1", 80).at(at("2017-12-15 10:00")));
        events.add(BEN.consents(Channel.PUSH, false, at("2017-12-15 11:00")));
        events.add(BEN.views("shirt").at(at("2017-12-15 11:50")));
        events.add(BEN.views("tie").at(at("2017-12-15 11:52")));
        events.add(CARA.addsToCart("lamp").at(at("2017-12-15 11:00")));
        events.add(CODY.views("boots").at(at("2017-12-15 11:28")));
        events.add(CODY.views("socks").at(at("2017-12-15 11:30")));
        events.add(ARI.views("vase").at(at("2017-12-15 11:29:30")));
        events.add(ARI.views("bowl").at(at("2017-12-15 11:31")));
        events.add(SAM.searches().at(at("2017-12-15 11:45")));
        events.add(SIA.searches().at(at("2017-12-15 11:40")));
        events.add(SIA.searches().at(at("2017-12-15 11:42")));
        events.add(ELI.views("hat").at(at("2017-12-15 11:30")));
        events.add(ELI.erases(at("2017-12-15 11:35")));
        events.sort(Comparator.comparingLong(UserEvent::ts));
        return events;
    }

    /**
     * Sent once the watermark has reached {@link #SAVEPOINT_TIME} (and before the savepoint): ari's
     * like wakes her journey, which finds her browse match due at 11:59:30 and puts it into the
     * arbitration window, where the savepoint finds it; the like itself waits for the watermark.
     */
    static List<UserEvent> atTheSavepoint() {
        return List.of(likes(ARI, at("2017-12-15 12:00:04")));
    }

    /** A LIKE: activity for the profile's hours, and nothing any pattern reacts to. */
    static UserEvent likes(Shopper shopper, long ts) {
        return UserEvent.builder(
                        shopper.id() + "-like-" + (ts - Shopper.BEGINNING),
                        shopper.id(),
                        EventType.LIKE,
                        ts)
                .build();
    }

    private static UserEvent registers(Shopper shopper, String timezone, long ts) {
        return UserEvent.builder(
                        shopper.id() + "-register-" + (ts - Shopper.BEGINNING),
                        shopper.id(),
                        EventType.REGISTER,
                        ts)
                .timezone(timezone)
                .build();
    }

    /**
     * A tick on each partition of {@code topic}: every partition's watermark reaches {@code at}.
     */
    static List<ProducerRecord<byte[], byte[]>> ticks(String topic, long at) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int partition = 0; partition < PARALLELISM; partition++) {
            UserEvent tick =
                    UserEvent.builder(
                                    CLOCK + "-" + partition + "-" + (at - Shopper.BEGINNING),
                                    CLOCK,
                                    EventType.LIKE,
                                    at)
                            .build();
            records.add(Kafka.event(topic, partition, tick));
        }
        return records;
    }

    /** The production job (as {@code run} builds it) with the given {@code patterns.yaml}. */
    static NudgeJob job(JobSettings settings, String patterns) {
        return new NudgeJob(
                        settings,
                        patterns,
                        KafkaConnectors.source(settings),
                        KafkaConnectors.outputs(settings))
                .withControl(KafkaConnectors.control(settings));
    }

    /**
     * The state backend of the deployment ({@code state.backend.*} of {@code
     * k8s/flink-deployment.yaml}: RocksDB, timers on the heap, ...), for a MiniCluster: the
     * savepoint is laid out as the deployed job's is, and restored as the deployed job would.
     */
    static Configuration deployedStateBackend() throws IOException {
        JsonNode flink =
                YAML.readTree(Path.of("..", "k8s", "flink-deployment.yaml").toFile())
                        .path("spec")
                        .path("flinkConfiguration");
        Map<String, String> options = new java.util.TreeMap<>();
        for (Map.Entry<String, JsonNode> option : flink.properties()) {
            if (option.getKey().startsWith("state.backend.")) {
                options.put(option.getKey(), option.getValue().asText());
            }
        }
        return Configuration.fromMap(options);
    }
}
