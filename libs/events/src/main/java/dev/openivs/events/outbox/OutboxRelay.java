package dev.openivs.events.outbox;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Publishes outbox rows to Kafka in commit order and marks them published. One relay per service schema is active
 * at a time (a transaction-scoped advisory lock, held by a pass until every send of the pass has settled), so
 * replicas never publish a row twice, and a row is marked only after Kafka acknowledged it, so none is ever skipped.
 * <p>
 * A broker outage alone produces no duplicate: the producer is idempotent and keeps retrying a record for
 * {@code ivs.outbox.delivery-timeout-ms} (its own retries never duplicate), and the relay never sends a row again
 * while an earlier send of it is in flight: it sends a row again only once the producer has given up on it. A row
 * can reach Kafka twice only when a relay dies (or loses its database transaction) between publishing and marking.
 * Delivery is at least once.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** The next look when another replica's relay held the lock. */
    private static final long LOCK_RETRY_MILLIS = 100;

    private final Pool pool;
    private final Vertx vertx;
    private final String bootstrapServers;
    private final int batchSize;
    private final long idleMillis;
    private final long wakeDelayMillis;
    private final long retentionMinutes;
    private final long deliveryTimeoutMillis;
    /** Rows handed to the producer and not settled yet: never sent again while here. */
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Rows Kafka acknowledged that are not marked yet (marked by the next pass; not sent again meanwhile). */
    private final Set<Long> acked = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();
    private volatile boolean stopped;
    private volatile KafkaProducer<String, String> producer;
    private long timerId = -1;
    private long timerDue;
    private long lastPurge;
    /** The relay's own event-loop context: passes never run on (and never queue blocking work on) a request's. */
    private volatile io.vertx.core.Context home;

    public OutboxRelay(Pool pool, Vertx vertx,
            @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092") String bootstrapServers,
            @ConfigProperty(name = "ivs.outbox.batch-size", defaultValue = "500") int batchSize,
            @ConfigProperty(name = "ivs.outbox.idle-poll-ms", defaultValue = "500") long idleMillis,
            @ConfigProperty(name = "ivs.outbox.wake-delay-ms", defaultValue = "20") long wakeDelayMillis,
            @ConfigProperty(name = "ivs.outbox.retention-minutes", defaultValue = "60") long retentionMinutes,
            @ConfigProperty(name = "ivs.outbox.delivery-timeout-ms", defaultValue = "120000")
            long deliveryTimeoutMillis) {
        this.pool = pool;
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
        this.idleMillis = idleMillis;
        this.wakeDelayMillis = wakeDelayMillis;
        this.retentionMinutes = retentionMinutes;
        this.deliveryTimeoutMillis = deliveryTimeoutMillis;
    }

    void start(@Observes StartupEvent ev) {
        home = vertx.getDelegate().getOrCreateContext();
        schedule(idleMillis);
    }

    void stop(@Observes ShutdownEvent ev) {
        stopped = true;
        synchronized (this) {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
            }
        }
        if (producer != null) {
            producer.close(java.time.Duration.ofSeconds(2));
        }
    }

    /**
     * Asks for a publish pass (called after a local commit): within {@code ivs.outbox.wake-delay-ms} (20), so that
     * under load the commits of those milliseconds share one pass (one lock, one read, one mark, one round of sends)
     * instead of a pass each; an event waits at most that long more before it is sent.
     */
    public void wakeUp() {
        if (stopped) {
            return;
        }
        if (running.get()) {
            again.set(true);
            if (running.get()) {
                return; // the running pass sees the flag when it ends
            }
            // the pass ended between the two reads and may have missed the flag: schedule one
        }
        schedule(wakeDelayMillis);
    }

    /** Schedules a pass in {@code delay} ms unless one is already due earlier (the earliest request wins). */
    private synchronized void schedule(long delay) {
        if (stopped) {
            return;
        }
        long due = System.currentTimeMillis() + delay;
        if (timerId >= 0) {
            if (due >= timerDue) {
                return;
            }
            vertx.cancelTimer(timerId);
        }
        timerDue = due;
        timerId = vertx.setTimer(Math.max(1, delay), id -> {
            synchronized (this) {
                timerId = -1;
            }
            run();
        });
    }

    private void run() {
        io.vertx.core.Context own = home;
        if (own != null && io.vertx.core.Vertx.currentContext() != own) {
            own.runOnContext(v -> run());
            return;
        }
        if (stopped) {
            return;
        }
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        again.set(false);
        drainOnce().subscribe().with(n -> {
            running.set(false);
            // a full batch may have left rows behind; otherwise the pass saw every row committed before it began,
            // and a commit since then has asked for the next pass (again): no empty pass after each one
            // (while another replica's relay holds the lock, look again soon: it may stop before our rows)
            schedule(n >= batchSize ? 0 : again.getAndSet(false) ? wakeDelayMillis
                    : n < 0 ? LOCK_RETRY_MILLIS : idleMillis);
        }, err -> {
            running.set(false);
            LOG.debugf("Outbox relay pass failed (will retry): %s", err.toString());
            schedule(Math.max(idleMillis, 500));
        });
    }

    /**
     * One pass: mark what Kafka acknowledged since the last pass, then lock, read a batch in order (rows in flight
     * or acknowledged are left out), publish it and mark what Kafka acknowledged. Returns the number of rows sent,
     * or -1 when another relay of the schema holds the lock.
     */
    public Uni<Integer> drainOnce() {
        List<Long> marked = new ArrayList<>(acked);
        return pool.withTransaction(conn -> mark(conn, marked)
                .chain(() -> conn.query("SELECT pg_try_advisory_xact_lock(hashtext('ivs-outbox:' || current_schema()))")
                        .execute())
                .chain(rs -> rs.iterator().next().getBoolean(0) ? publishBatch(conn, marked)
                        : Uni.createFrom().item(-1)))
                .invoke(() -> acked.removeAll(marked))
                .call(this::purgeOld);
    }

    /** Marks rows published (an acknowledgement marked twice keeps its first time). */
    private static Uni<Void> mark(SqlConnection conn, List<Long> seqs) {
        if (seqs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return conn.preparedQuery("UPDATE outbox_event SET published_at = now() WHERE seq = ANY($1) "
                + "AND published_at IS NULL").execute(Tuple.of(seqs.toArray(Long[]::new))).replaceWithVoid();
    }

    /** Sends the next rows and marks those acknowledged (adding them to {@code marked}, forgotten once committed). */
    private Uni<Integer> publishBatch(SqlConnection conn, List<Long> marked) {
        List<Long> pending = new ArrayList<>(inFlight);
        pending.addAll(acked);
        return conn.preparedQuery("SELECT seq, id, topic, msg_key, type, payload FROM outbox_event "
                + "WHERE published_at IS NULL AND NOT (seq = ANY($2)) ORDER BY seq LIMIT $1")
                .execute(Tuple.of(batchSize, pending.toArray(Long[]::new)))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return sendAll(batch).chain(failure -> {
                        List<Long> done = batch.stream().map(r -> r.getLong("seq")).filter(acked::contains).toList();
                        marked.addAll(done);
                        return mark(conn, done).chain(() -> failure == null
                                ? Uni.createFrom().item(batch.size()) : Uni.createFrom().failure(failure));
                    });
                });
    }

    /**
     * Sends the batch in order and waits until every send has settled: acknowledged (the row joins {@link #acked})
     * or given up by the producer after its retries (the row is given back, for a later pass to send again). Emits
     * the first failure, or null. {@code send} runs on a worker thread: it blocks (up to max.block.ms) while the
     * broker's metadata is unknown, and the event loop must never block.
     */
    private Uni<Throwable> sendAll(List<Row> batch) {
        io.vertx.core.Context caller = io.vertx.core.Vertx.currentContext();
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            KafkaProducer<String, String> p = producer();
            List<CompletableFuture<Throwable>> settled = new ArrayList<>(batch.size());
            for (Row r : batch) {
                long seq = r.getLong("seq");
                CompletableFuture<Throwable> outcome = new CompletableFuture<>();
                inFlight.add(seq);
                try {
                    p.send(record(r), (metadata, error) -> {
                        if (error == null) {
                            acked.add(seq);
                        }
                        inFlight.remove(seq);
                        outcome.complete(error);
                    });
                } catch (RuntimeException e) {
                    inFlight.remove(seq);
                    outcome.complete(e);
                    settled.add(outcome);
                    break;
                }
                settled.add(outcome);
            }
            return settled;
        }), true).chain(settled -> Uni.createFrom()
                .completionStage(CompletableFuture.allOf(settled.toArray(CompletableFuture[]::new))
                        .thenApply(v -> settled.stream().map(CompletableFuture::join)
                                .filter(Objects::nonNull).findFirst()
                                .map(e -> (Throwable) new IllegalStateException("Kafka did not acknowledge: " + e, e))
                                .orElse(null)))
                .ifNoItem().after(Duration.ofMillis(deliveryTimeoutMillis + 30_000)).fail()
                .emitOn(task -> {
                    if (caller == null) {
                        task.run();
                    } else {
                        caller.runOnContext(v -> task.run());
                    }
                }));
    }

    private static ProducerRecord<String, String> record(Row r) {
        ProducerRecord<String, String> record = new ProducerRecord<>(r.getString("topic"), r.getString("msg_key"),
                r.getString("payload"));
        record.headers().add(new RecordHeader("id", r.getUUID("id").toString().getBytes(StandardCharsets.UTF_8)));
        record.headers().add(new RecordHeader("type", r.getString("type").getBytes(StandardCharsets.UTF_8)));
        return record;
    }

    private Uni<Void> purgeOld() {
        long now = System.currentTimeMillis();
        if (now - lastPurge < 60_000) {
            return Uni.createFrom().voidItem();
        }
        lastPurge = now;
        return pool.preparedQuery("DELETE FROM outbox_event WHERE published_at < now() - make_interval(mins => $1)")
                .execute(Tuple.of((int) retentionMinutes)).replaceWithVoid()
                .onFailure().recoverWithNull();
    }

    private KafkaProducer<String, String> producer() {
        if (producer == null) {
            synchronized (this) {
                if (producer == null) {
                    Properties props = new Properties();
                    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
                    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
                    // idempotent: the producer's own retries (across an outage) never write a record twice
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.RETRIES_CONFIG, Integer.toString(Integer.MAX_VALUE));
                    props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, "5");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
                    // how long a record is retried before the producer gives up (and the relay sends the row again)
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(deliveryTimeoutMillis));
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                    producer = new KafkaProducer<>(props);
                }
            }
        }
        return producer;
    }
}
