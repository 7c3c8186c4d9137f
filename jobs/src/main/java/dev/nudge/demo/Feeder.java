package dev.nudge.demo;

import dev.nudge.event.UserEvent;
import dev.nudge.generate.DirtyRecords;
import dev.nudge.generate.ShopperGenerator;
import dev.nudge.wire.Json;
import java.time.Duration;
import java.util.function.Consumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Produces the generated shoppers' events: those before the live part (the history) as fast as the
 * broker takes them, the rest when the compressed clock reaches their time, counted from the moment
 * the history has gone. One generator makes both, so the live shoppers are those of the history,
 * with its purchase cycles, lapses and spending behind them.
 */
final class Feeder extends Thread {
    private final String bootstrap;
    private final String topic;
    private final ShopperGenerator events;
    private final DirtyRecords dirty;
    private final long liveStart;
    private final double speed;
    private final Consumer<Feeder> historySent;
    private volatile boolean finished;
    private volatile long sent;
    private volatile long historyEvents;
    private volatile long sentUpTo = Long.MIN_VALUE;
    private volatile boolean live;

    /**
     * @param liveStart the event time at which the live part begins; earlier events are history
     * @param speed event-time milliseconds per real millisecond in the live part
     * @param historySent told once, from this thread, when the history has been sent
     */
    Feeder(
            String bootstrap,
            String topic,
            ShopperGenerator events,
            DirtyRecords dirty,
            long liveStart,
            double speed,
            Consumer<Feeder> historySent) {
        super("demo-feeder");
        setDaemon(true);
        this.bootstrap = bootstrap;
        this.topic = topic;
        this.events = events;
        this.dirty = dirty;
        this.liveStart = liveStart;
        this.speed = speed;
        this.historySent = historySent;
    }

    @Override
    public void run() {
        long liveWallStart = 0;
        KafkaProducer<byte[], byte[]> producer = DemoClients.producer(bootstrap);
        try {
            while (!finished && events.hasNext()) {
                UserEvent event = events.next();
                if (event.ts() >= liveStart) {
                    if (!live) {
                        historyEvents = sent;
                        live = true;
                        liveWallStart = System.currentTimeMillis();
                        historySent.accept(this);
                    }
                    long due = liveWallStart + (long) ((event.ts() - liveStart) / speed);
                    for (long wait = due - System.currentTimeMillis();
                            wait > 0 && !finished;
                            wait = due - System.currentTimeMillis()) {
                        Thread.sleep(Math.min(wait, 100));
                    }
                    if (finished) {
                        break;
                    }
                }
                for (byte[] record : dirty.around(Json.event(event))) {
                    producer.send(DemoClients.record(topic, event.userId(), record));
                    sent++;
                }
                sentUpTo = event.ts();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            // Bounded, so that a broker that stopped taking records cannot hold up the demo's end.
            producer.close(Duration.ofSeconds(10));
        }
        if (!live) {
            historyEvents = sent;
        }
    }

    /** Stops sending and waits (a little) until what was sent has reached the broker. */
    void finish() throws InterruptedException {
        finished = true;
        join(30_000);
    }

    /** Records sent, history included. */
    long sent() {
        return sent;
    }

    /** Records of the history sent: all of them once {@link #live}. */
    long historyEvents() {
        return live ? historyEvents : sent;
    }

    /** Whether the history has been sent and the live part begun. */
    boolean live() {
        return live;
    }

    /** The time of the latest event sent, or {@link Long#MIN_VALUE} before the first. */
    long sentUpTo() {
        return sentUpTo;
    }
}
