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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
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
 * at a time (a transaction-scoped advisory lock), so replicas never publish a row twice in normal operation, and a
 * row is marked only after Kafka acknowledged it, so none is ever skipped. Delivery is at least once.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Pool pool;
    private final Vertx vertx;
    private final String bootstrapServers;
    private final int batchSize;
    private final long idleMillis;
    private final long retentionMinutes;
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
            @ConfigProperty(name = "ivs.outbox.idle-poll-ms", defaultValue = "100") long idleMillis,
            @ConfigProperty(name = "ivs.outbox.retention-minutes", defaultValue = "60") long retentionMinutes) {
        this.pool = pool;
        this.vertx = vertx;
        this.bootstrapServers = bootstrapServers;
        this.batchSize = batchSize;
        this.idleMillis = idleMillis;
        this.retentionMinutes = retentionMinutes;
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

    /** Asks for a publish pass now (called after a local commit). */
    public void wakeUp() {
        if (stopped) {
            return;
        }
        if (running.get()) {
            again.set(true);
            return;
        }
        schedule(0);
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
            schedule(n > 0 || again.getAndSet(false) ? 0 : idleMillis);
        }, err -> {
            running.set(false);
            LOG.debugf("Outbox relay pass failed (will retry): %s", err.toString());
            schedule(Math.max(idleMillis, 500));
        });
    }

    /** One pass: lock, read a batch in order, publish, mark. Returns the number of rows published. */
    public Uni<Integer> drainOnce() {
        return pool.withTransaction(conn -> conn
                .query("SELECT pg_try_advisory_xact_lock(hashtext('ivs-outbox:' || current_schema()))").execute()
                .chain(rs -> rs.iterator().next().getBoolean(0) ? publishBatch(conn) : Uni.createFrom().item(0)))
                .call(this::purgeOld);
    }

    private Uni<Integer> publishBatch(SqlConnection conn) {
        return conn.preparedQuery("SELECT seq, id, topic, msg_key, type, payload FROM outbox_event "
                + "WHERE published_at IS NULL ORDER BY seq LIMIT $1").execute(Tuple.of(batchSize))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return sendAll(batch).chain(() -> {
                        Long[] seqs = batch.stream().map(r -> r.getLong("seq")).toArray(Long[]::new);
                        return conn.preparedQuery("UPDATE outbox_event SET published_at = now() WHERE seq = ANY($1)")
                                .execute(Tuple.of(seqs)).replaceWith(batch.size());
                    });
                });
    }

    /**
     * Sends the batch in order and waits for every acknowledgement. Runs on a worker thread: the Kafka producer
     * blocks (up to max.block.ms) while the broker is unreachable, and the event loop must never block.
     */
    private Uni<Void> sendAll(List<Row> batch) {
        List<ProducerRecord<String, String>> records = new ArrayList<>(batch.size());
        for (Row r : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(r.getString("topic"), r.getString("msg_key"),
                    r.getString("payload"));
            record.headers().add(new RecordHeader("id", r.getUUID("id").toString().getBytes(StandardCharsets.UTF_8)));
            record.headers().add(new RecordHeader("type", r.getString("type").getBytes(StandardCharsets.UTF_8)));
            records.add(record);
        }
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            KafkaProducer<String, String> p = producer();
            List<java.util.concurrent.Future<?>> acks = new ArrayList<>(records.size());
            for (ProducerRecord<String, String> record : records) {
                acks.add(p.send(record));
            }
            try {
                for (java.util.concurrent.Future<?> ack : acks) {
                    ack.get();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("Kafka did not acknowledge: " + e.getCause(), e.getCause());
            }
            return null;
        }), true).replaceWithVoid();
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
                    props.put(ProducerConfig.ACKS_CONFIG, "all");
                    props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
                    props.put(ProducerConfig.LINGER_MS_CONFIG, "1");
                    props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
                    props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
                    props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "10000");
                    props.put(ProducerConfig.CLIENT_ID_CONFIG, "outbox-relay");
                    producer = new KafkaProducer<>(props);
                }
            }
        }
        return producer;
    }
}
