package dev.openivs.stream.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.events.context.SafeContext;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.StreamRefused;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.session.StreamSessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jboss.logging.Logger;

/**
 * Supervision of the live streams held by this replica: starts a stream once its publish was authorized (sinks,
 * registry, the health and limit checks), records what happens to it in its session (Stream Start, configuration,
 * health, limit breaches, Stream Failure) in order, and ends the session when the connection goes away or StopStream,
 * a takeover or shutdown stops it. Everything per stream runs on its connection's event loop; the database is touched
 * only on state changes.
 */
@ApplicationScoped
public class StreamSupervisor implements LiveStream.Listener {
    private static final Logger LOG = Logger.getLogger(StreamSupervisor.class);

    private final StreamSessionService sessions;
    private final LiveStreams live;
    private final StreamConfig config;
    private final ObjectMapper mapper;
    private final Instance<MediaSinkFactory> sinkFactories;
    private final StreamHealth health;
    private final io.micrometer.core.instrument.Timer sessionLatency;

    private final ClientConfigurations clientConfigurations;

    public StreamSupervisor(StreamSessionService sessions, LiveStreams live, StreamConfig config, ObjectMapper mapper,
            @Any Instance<MediaSinkFactory> sinkFactories, io.micrometer.core.instrument.MeterRegistry registry,
            ClientConfigurations clientConfigurations) {
        this.clientConfigurations = clientConfigurations;
        this.sessions = sessions;
        this.live = live;
        this.config = config;
        this.mapper = mapper;
        this.sinkFactories = sinkFactories;
        this.health = new StreamHealth(config.health());
        this.sessionLatency = io.micrometer.core.instrument.Timer.builder("ivs.ingest.session.created")
                .description("TCP accept to Session Created committed").publishPercentiles(0.5, 0.95)
                .register(registry);
    }

    /**
     * Starts the stream of a session just created for {@code connection}: sinks opened, registered, checks
     * scheduled. Null when this replica already holds a stream of the channel (the connection is closed).
     */
    public LiveStream began(IngestConnection connection, StreamSessionEntity s, JsonNode channel) {
        StreamDescriptor descriptor = StreamDescriptor.of(s.streamId, s.channelArn, s.account, s.channelName,
                s.startTime, channel);
        LiveStream stream = new LiveStream(descriptor, s.transport, connection,
                (int) Math.max(1, config.health().window().toSeconds()), config.metadata().keep(),
                System.currentTimeMillis());
        stream.listener(this);
        clientConfigurations.of(s.channelArn).ifPresent(stream::clientConfiguration);
        String refusal = null;
        for (MediaSinkFactory factory : sinkFactories) {
            try {
                MediaSink sink = factory.open(descriptor);
                if (sink != null) {
                    stream.addSink(sink);
                }
            } catch (StreamRefused e) {
                refusal = e.getMessage(); // e.g. transcode capacity: the session fails once it is registered
            } catch (RuntimeException e) {
                LOG.warnf(e, "media sink factory %s failed for %s", factory.getClass().getSimpleName(), s.streamId);
            }
        }
        if (!live.register(stream)) {
            // cannot happen while the database guard holds; be safe and refuse
            stopLater(stream, "duplicate");
            return null;
        }
        Context ctx = connection.context();
        long interval = Math.max(100, config.health().interval().toMillis());
        long timer = ctx.owner().setPeriodic(interval, id -> check(stream, id));
        stream.timer(timer);
        long latency = System.currentTimeMillis() - connection.openedAtMillis();
        sessionLatency.record(latency, java.util.concurrent.TimeUnit.MILLISECONDS);
        LOG.infof("stream %s started on channel %s over %s from %s (%d ms after connect)", s.streamId, s.channelArn,
                s.transport, connection.remoteAddress(), latency);
        if (refusal != null) {
            unsupportedInput(stream, refusal);
        }
        return stream;
    }

    private void check(LiveStream stream, long timerId) {
        if (stream.ended()) {
            stream.connection().context().owner().cancelTimer(timerId);
            return;
        }
        long now = System.currentTimeMillis();
        String before = stream.health();
        String after = health.evaluate(stream.stats(), stream.publishedAtMillis(), before, now);
        if (!after.equals(before)) {
            stream.health(after);
            String event = StreamHealth.STARVING.equals(after) ? "Starvation Start"
                    : StreamHealth.STARVING.equals(before) ? "Starvation End" : null;
            Instant at = StreamSessionService.now();
            stream.enqueue(() -> SafeContext.on(stream.connection().context(),
                    () -> sessions.healthChanged(stream.streamId(), after, event, at)));
        }
        if (stream.stats().measuredSeconds(now) >= Math.max(1, config.health().window().toSeconds() - 1)) {
            var video = stream.ingestConfiguration().video();
            long width = video == null || video.videoWidth() == null ? 0 : video.videoWidth();
            long height = video == null || video.videoHeight() == null ? 0 : video.videoHeight();
            double bitrate = stream.stats().videoBitrate(now) + stream.stats().audioBitrate(now);
            List<ChannelLimits.Breach> breaches = ChannelLimits.check(stream.descriptor().channelType(), width, height,
                    bitrate, config.limits().bitrateTolerance());
            for (ChannelLimits.Breach breach : breaches) {
                if (stream.firstBreach(breach.limitName())) {
                    LOG.infof("stream %s breached %s: %d over %d %s", stream.streamId(), breach.limitName(),
                            breach.exceededBy(), breach.limitValue(), breach.limitUnit());
                    Instant at = StreamSessionService.now();
                    stream.enqueue(() -> SafeContext.on(stream.connection().context(),
                            () -> sessions.limitBreached(stream.streamId(), breach.limitName(),
                                    breach.limitValue(), breach.exceededBy(), breach.limitUnit(), at)));
                }
            }
            if (!breaches.isEmpty() && config.limits().disconnectOnBreach()) {
                stream.connection().close("limit breach");
            }
        }
    }

    @Override
    public void streamStarted(LiveStream stream) {
        String ingest = json(stream.ingestConfiguration());
        Instant at = StreamSessionService.now();
        stream.enqueue(() -> SafeContext.on(stream.connection().context(),
                () -> sessions.streamStarted(stream.streamId(), ingest, at)));
    }

    @Override
    public void configurationChanged(LiveStream stream) {
        String ingest = json(stream.ingestConfiguration());
        stream.enqueue(() -> SafeContext.on(stream.connection().context(),
                () -> sessions.configurationChanged(stream.streamId(), ingest)));
    }

    /**
     * Audio-only input (IVS does not accept it, MEDIA-PLANE.md) or a stream a sink factory refused (no transcode
     * capacity left): the session gets a Stream Failure event with the reason, the encoder an error status, and the
     * session ends like any other.
     */
    @Override
    public void unsupportedInput(LiveStream stream, String reason) {
        LOG.infof("stream %s on channel %s refused: %s", stream.streamId(), stream.channelArn(), reason);
        Instant at = StreamSessionService.now();
        stream.enqueue(() -> SafeContext.on(stream.connection().context(),
                () -> sessions.streamFailed(stream.streamId(), reason, at)));
        stream.connection().refuse(reason);
    }

    /** The connection of a live stream went away (encoder disconnect, unpublish, error). */
    public void connectionClosed(LiveStream stream, String reason) {
        if (live.remove(stream)) {
            finish(stream, reason).subscribe().with(v -> { }, e -> LOG.warnf("ending %s failed: %s (the keeper"
                    + " ends it later)", stream.streamId(), e.toString()));
        }
    }

    /**
     * Stops a stream held here (StopStream, takeover): removes it, closes the encoder's connection and ends the
     * session; the item arrives once the end is committed.
     */
    public Uni<Void> stop(LiveStream stream, String reason) {
        if (!live.remove(stream)) {
            return Uni.createFrom().voidItem();
        }
        stream.connection().close(reason);
        // the end is written on the stream's own context; the caller (a request holding a database session,
        // a takeover) must continue on its context, or its session is closed from the wrong context and its
        // connection never goes back to the pool (StopStream leaked one per call until the pool was empty)
        Context caller = Vertx.currentContext();
        Uni<Void> ended = finish(stream, reason);
        return caller == null ? ended : SafeContext.backTo(caller, ended);
    }

    private void stopLater(LiveStream stream, String reason) {
        stream.connection().close(reason);
    }

    private Uni<Void> finish(LiveStream stream, String reason) {
        Context ctx = stream.connection().context();
        CompletableFuture<Void> done = new CompletableFuture<>();
        ctx.runOnContext(v -> {
            stream.onEnd();
            stream.cancelTimer();
            var known = stream.ingestConfiguration();
            String ingest = stream.started() || known.audio() != null || known.video() != null ? json(known)
                    : null;
            Instant at = StreamSessionService.now();
            LOG.infof("stream %s on channel %s ended: %s", stream.streamId(), stream.channelArn(), reason);
            String code = stream.endCode();
            stream.enqueue(() -> SafeContext.on(ctx, () -> sessions.end(stream.streamId(), ingest, reason, code,
                    at)))
                    .whenComplete((r, e) -> {
                        if (e != null) {
                            done.completeExceptionally(e);
                        } else {
                            done.complete(null);
                        }
                    });
        });
        return Uni.createFrom().completionStage(done);
    }


    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
