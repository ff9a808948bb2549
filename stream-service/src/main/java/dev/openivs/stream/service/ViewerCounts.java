package dev.openivs.stream.service;

import dev.openivs.events.context.SafeContext;
import dev.openivs.stream.repository.StreamViewersEntity;
import dev.openivs.stream.repository.StreamViewersRepository;
import dev.openivs.stream.session.Replica;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * {@code viewerCount} of GetStream/ListStreams: what this replica's counters (the playback edge) say, plus what the
 * other replicas counted. Viewers of one channel may watch through any replica (each edge counts its own), so every
 * {@link #PUBLISH_EVERY} each replica writes its non-zero counts to the database ({@code stream_viewers}, one row
 * per replica and channel) and reads the others' rows refreshed within {@link #FRESH}; a replica that stopped is
 * forgotten then. The sum is up to one period old for other replicas' viewers.
 */
@ApplicationScoped
public class ViewerCounts {
    private static final Logger LOG = Logger.getLogger(ViewerCounts.class);
    static final Duration PUBLISH_EVERY = Duration.ofSeconds(5);
    static final Duration FRESH = Duration.ofSeconds(15);

    /** Implemented by playback outputs that know their viewers. */
    public interface Counter {
        long viewers(String channelArn);

        /** Every channel with viewers right now, and how many. */
        Map<String, Long> all();
    }

    private final Instance<Counter> counters;
    private final Replica replica;
    private final StreamViewersRepository rows;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();
    private volatile Map<String, Long> others = Map.of();
    private long timer = -1;

    public ViewerCounts(@Any Instance<Counter> counters, Replica replica, StreamViewersRepository rows, Vertx vertx) {
        this.counters = counters;
        this.replica = replica;
        this.rows = rows;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(PUBLISH_EVERY.toMillis(), id -> exchange());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    public Long count(String channelArn) {
        long total = others.getOrDefault(channelArn, 0L);
        for (Counter c : counters) {
            total += c.viewers(channelArn);
        }
        return total;
    }

    /** Publishes this replica's counts and reads the other replicas' (one transaction). */
    void exchange() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Map<String, Long> mine = new HashMap<>();
        for (Counter c : counters) {
            c.all().forEach((arn, n) -> mine.merge(arn, n, Long::sum));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        List<StreamViewersEntity> fresh = mine.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> row(e.getKey(), e.getValue(), now)).toList();
        // (persisting an empty list fails in Panache Reactive: only rows that exist are written)
        SafeContext.on(vertx, () -> Panache.withTransaction(() ->
                rows.clear(replica.id(), now.minus(FRESH.multipliedBy(4)))
                        .chain(() -> fresh.isEmpty() ? Uni.createFrom().voidItem() : rows.persist(fresh))
                        .chain(() -> rows.others(replica.id(), now.minus(FRESH)))))
                .invoke(this::remember)
                .replaceWithVoid()
                .onFailure().invoke(e -> LOG.warnf("viewer counts not exchanged with the other replicas: %s",
                        e.toString()))
                .onTermination().invoke(() -> running.set(false))
                .subscribe().with(v -> { }, e -> { });
    }

    private void remember(List<StreamViewersEntity> found) {
        Map<String, Long> sums = new HashMap<>();
        for (StreamViewersEntity r : found) {
            sums.merge(r.channelArn, r.viewers, Long::sum);
        }
        others = Map.copyOf(sums);
    }

    private StreamViewersEntity row(String channelArn, long viewers, Instant now) {
        StreamViewersEntity r = new StreamViewersEntity();
        r.id = replica.id() + "|" + channelArn;
        r.ownerInstance = replica.id();
        r.channelArn = channelArn;
        r.viewers = viewers;
        r.updatedAt = now;
        return r;
    }
}
