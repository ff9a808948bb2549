package dev.openivs.stream.live;

import dev.openivs.events.context.SafeContext;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.session.StreamSessionService;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * Crash safety: this replica refreshes the heartbeat of the sessions it holds every heartbeat interval, and every
 * replica ends live sessions whose heartbeat is older than {@code stale-after} (their holder died), emitting
 * Stream End / Session Ended, so no channel stays LIVE after its ingest process is gone. With the defaults (5 s,
 * 20 s) a dead holder's sessions end within 25 s. On shutdown the sessions held here are ended.
 */
@ApplicationScoped
public class SessionKeeper {
    private static final Logger LOG = Logger.getLogger(SessionKeeper.class);

    private final Vertx vertx;
    private final StreamConfig config;
    private final LiveStreams live;
    private final StreamSessionService sessions;
    private final StreamSupervisor supervisor;
    private final AtomicBoolean running = new AtomicBoolean();
    private long timer = -1;

    public SessionKeeper(Vertx vertx, StreamConfig config, LiveStreams live, StreamSessionService sessions,
            StreamSupervisor supervisor) {
        this.vertx = vertx;
        this.config = config;
        this.live = live;
        this.sessions = sessions;
        this.supervisor = supervisor;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.sessions().heartbeatInterval().toMillis(), id -> tick());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
        List<LiveStream> held = List.copyOf(live.all());
        if (held.isEmpty()) {
            return;
        }
        try {
            Uni.join().all(held.stream().map(s -> supervisor.stop(s, "service shutdown")).toList())
                    .andCollectFailures().await().atMost(java.time.Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warnf("ending %d sessions at shutdown: %s (peers end them later)", held.size(), e.toString());
        }
    }

    void tick() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        Instant now = StreamSessionService.now();
        List<String> held = live.all().stream().map(LiveStream::streamId).toList();
        SafeContext.on(vertx, () -> sessions.heartbeat(held, now)
                .chain(() -> sessions.stale(now.minus(config.sessions().staleAfter())))
                .chain(stale -> Multi.createFrom().iterable(stale)
                        .filter(s -> !held.contains(s.streamId))
                        .onItem().transformToUniAndConcatenate(s -> {
                            LOG.infof("ending session %s of channel %s: holder %s stopped its heartbeat",
                                    s.streamId, s.channelArn, s.ownerInstance);
                            return sessions.end(s.streamId, null, "holder lost", StreamSessionService.now());
                        })
                        .collect().asList().replaceWithVoid()))
                .subscribe().with(v -> running.set(false), e -> {
                    running.set(false);
                    LOG.warnf("session keeper pass failed: %s", e.toString());
                });
    }
}
