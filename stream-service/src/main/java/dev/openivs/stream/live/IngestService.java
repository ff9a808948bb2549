package dev.openivs.stream.live;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.ingest.IngestConnection;
import dev.openivs.stream.ingest.PublishRefused;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.repository.StreamSessionRepository;
import dev.openivs.stream.session.Replica;
import dev.openivs.stream.session.StreamSessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The publish side of a stream: authorizes a publish (stream key, channel, transport, one live session per
 * channel), creates the session, runs the stream's health and limit checks, and ends the session when the
 * connection goes away or StopStream closes it. Everything per stream runs on its connection's event loop; the
 * database is touched only on state changes.
 *
 * <p>Second publisher rule: while a channel's session is HEALTHY or UNKNOWN the newcomer is refused
 * ({@code NetStream.Publish.BadName}, "channel is already live"); when it is STARVING the newcomer takes over (the
 * old connection is closed and its session ended first). A session held by a replica that stopped refreshing its
 * heartbeat is ended and replaced.
 */
@ApplicationScoped
public class IngestService implements LiveStream.Listener {
    private static final Logger LOG = Logger.getLogger(IngestService.class);
    public static final String KEY_REFUSED = "invalid stream key";

    private final StreamKeyClient streamKeys;
    private final ChannelClient channels;
    private final RecordingClient recordings;
    private final StreamSessionService sessions;
    private final StreamSessionRepository sessionRepository;
    private final LiveStreams live;
    private final StreamConfig config;
    private final Replica replica;
    private final ObjectMapper mapper;
    private final Instance<MediaSinkFactory> sinkFactories;
    private final StreamHealth health;
    private final io.micrometer.core.instrument.Timer sessionLatency;

    public IngestService(@RestClient StreamKeyClient streamKeys, @RestClient ChannelClient channels,
            @RestClient RecordingClient recordings, StreamSessionService sessions,
            StreamSessionRepository sessionRepository, LiveStreams live, StreamConfig config, Replica replica,
            ObjectMapper mapper, @Any Instance<MediaSinkFactory> sinkFactories,
            io.micrometer.core.instrument.MeterRegistry registry) {
        this.streamKeys = streamKeys;
        this.channels = channels;
        this.recordings = recordings;
        this.sessions = sessions;
        this.sessionRepository = sessionRepository;
        this.live = live;
        this.config = config;
        this.replica = replica;
        this.mapper = mapper;
        this.sinkFactories = sinkFactories;
        this.health = new StreamHealth(config.health());
        this.sessionLatency = io.micrometer.core.instrument.Timer.builder("ivs.ingest.session.created")
                .description("TCP accept to Session Created committed").publishPercentiles(0.5, 0.95)
                .register(registry);
    }

    /** What a connection asks for at {@code publish}. */
    public record PublishAttempt(String streamKey, boolean secure, IngestConnection connection) {
        @Override
        public String toString() {
            return "PublishAttempt[secure=" + secure + ", from=" + connection.remoteAddress() + "]";
        }
    }

    /**
     * Authorizes and starts a stream; the item arrives on the connection's context. Fails with
     * {@link PublishRefused} when the publish is not allowed.
     */
    public Uni<LiveStream> publish(PublishAttempt attempt) {
        Context ctx = attempt.connection().context();
        String key = attempt.streamKey();
        if (key == null || key.isBlank() || key.length() > 256) {
            return Uni.createFrom().failure(new PublishRefused(PublishRefused.BAD_NAME, KEY_REFUSED));
        }
        Uni<LiveStream> flow = streamKeys.lookup(new StreamKeyClient.LookupRequest(key))
                .onFailure().transform(IngestService::refusal)
                .chain(found -> channels.get(found.channelArn(), found.account())
                        .onFailure().transform(IngestService::refusal)
                        .chain(channel -> authorize(attempt, found, channel)));
        return SafeContext.backTo(ctx, flow);
    }

    private static Throwable refusal(Throwable t) {
        if (t instanceof PublishRefused) {
            return t;
        }
        if (t instanceof AwsException a && a.shape() == AwsErrorShape.ResourceNotFoundException) {
            return new PublishRefused(PublishRefused.BAD_NAME, KEY_REFUSED);
        }
        LOG.warnf("publish refused, a neighbour failed: %s", t instanceof AwsException a ? a.shape() : t.toString());
        return new PublishRefused(PublishRefused.FAILED, "service unavailable, try again");
    }

    private Uni<LiveStream> authorize(PublishAttempt attempt, StreamKeyClient.StreamKeyLookup found,
            JsonNode channel) {
        if (!attempt.secure() && !channel.path("insecureIngest").asBoolean(false)) {
            return Uni.createFrom().failure(new PublishRefused(PublishRefused.BAD_NAME,
                    "insecure ingest is disabled for this channel, use rtmps"));
        }
        String recordingArn = channel.path("recordingConfigurationArn").asText("");
        Uni<JsonNode> recording = recordingArn.isEmpty() ? Uni.createFrom().nullItem()
                : recordings.get(recordingArn, found.account())
                        .ifNoItem().after(Duration.ofSeconds(3)).recoverWithItem((JsonNode) null)
                        .onFailure().recoverWithNull();
        return recording.chain(rec -> SafeContext.backTo(attempt.connection().context(),
                Uni.createFrom().voidItem()).chain(() -> start(attempt, found, channel, rec, true)));
    }

    private Uni<LiveStream> start(PublishAttempt attempt, StreamKeyClient.StreamKeyLookup found, JsonNode channel,
            JsonNode recording, boolean mayReplace) {
        Context ctx = attempt.connection().context();
        String channelArn = found.channelArn();
        LiveStream existing = live.get(channelArn).orElse(null);
        if (existing != null) {
            if (!StreamHealth.STARVING.equals(existing.health())) {
                return Uni.createFrom().failure(alreadyLive());
            }
            LOG.infof("stream %s is starving, a new publisher takes over channel %s", existing.streamId(),
                    channelArn);
            return stop(existing, "takeover").chain(() -> start(attempt, found, channel, recording, false));
        }
        Instant now = StreamSessionService.now();
        StreamSessionEntity s = new StreamSessionEntity();
        s.streamId = "st-" + Ids.alnum(23);
        s.account = found.account();
        s.channelArn = channelArn;
        s.channelName = channel.path("name").asText("");
        s.playbackUrl = channel.path("playbackUrl").asText(null);
        s.startTime = now;
        s.health = StreamHealth.UNKNOWN;
        s.transport = attempt.secure() ? "rtmps" : "rtmp";
        s.channelJson = json(snapshot(channel));
        s.recordingJson = recording == null ? null : json(recording);
        s.ownerInstance = replica.id();
        s.ownerUrl = replica.url();
        s.heartbeatAt = now;
        String recordingArn = channel.path("recordingConfigurationArn").asText("");
        return SafeContext.on(ctx, () -> sessions.create(s, recordingArn))
                .map(v -> began(attempt, s, channel))
                .onFailure(StreamSessionService::isUniqueViolation).recoverWithUni(e -> mayReplace
                        ? replaceStale(ctx, channelArn).chain(replaced -> replaced
                                ? start(attempt, found, channel, recording, false)
                                : Uni.createFrom().<LiveStream>failure(alreadyLive()))
                        : Uni.createFrom().<LiveStream>failure(alreadyLive()));
    }

    private static PublishRefused alreadyLive() {
        return new PublishRefused(PublishRefused.BAD_NAME, "channel is already live");
    }

    /** The live session of another holder; ended here when its holder stopped refreshing the heartbeat. */
    private Uni<Boolean> replaceStale(Context ctx, String channelArn) {
        Instant staleBefore = Instant.now().minus(config.sessions().staleAfter());
        return SafeContext.on(ctx, () -> sessionRepository.findLive(channelArn).chain(other -> {
            if (other == null) {
                return Uni.createFrom().item(true);
            }
            if (other.heartbeatAt.isAfter(staleBefore)) {
                return Uni.createFrom().item(false);
            }
            return sessions.end(other.streamId, null, "holder lost", StreamSessionService.now()).replaceWith(true);
        }));
    }

    private LiveStream began(PublishAttempt attempt, StreamSessionEntity s, JsonNode channel) {
        StreamDescriptor descriptor = new StreamDescriptor(s.streamId, s.channelArn, s.account, s.channelName,
                channel.path("latencyMode").asText("LOW"), channel.path("type").asText("STANDARD"),
                channel.path("authorized").asBoolean(false), channel.path("recordingConfigurationArn").asText(""),
                s.startTime, channel);
        LiveStream stream = new LiveStream(descriptor, s.transport, attempt.connection(),
                (int) Math.max(1, config.health().window().toSeconds()), config.metadata().keep(),
                System.currentTimeMillis());
        stream.listener(this);
        for (MediaSinkFactory factory : sinkFactories) {
            try {
                MediaSink sink = factory.open(descriptor);
                if (sink != null) {
                    stream.addSink(sink);
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "media sink factory %s failed for %s", factory.getClass().getSimpleName(), s.streamId);
            }
        }
        if (!live.register(stream)) {
            // cannot happen while the database guard holds; be safe and refuse
            stopLater(stream, "duplicate");
            throw alreadyLive();
        }
        Context ctx = attempt.connection().context();
        long interval = Math.max(100, config.health().interval().toMillis());
        long timer = ctx.owner().setPeriodic(interval, id -> check(stream, id));
        stream.timer(timer);
        long latency = System.currentTimeMillis() - attempt.connection().openedAtMillis();
        sessionLatency.record(latency, java.util.concurrent.TimeUnit.MILLISECONDS);
        LOG.infof("stream %s started on channel %s over %s from %s (%d ms after connect)", s.streamId, s.channelArn,
                s.transport, attempt.connection().remoteAddress(), latency);
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
                            () -> sessions.limitBreached(stream.streamId(), breach, at)));
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
     * Audio-only input: IVS does not accept it (MEDIA-PLANE.md), so the session gets a Stream Failure event with
     * the reason, the encoder an error status, and the session ends like any other.
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
            stream.enqueue(() -> SafeContext.on(ctx, () -> sessions.end(stream.streamId(), ingest, reason, at)))
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

    private JsonNode snapshot(JsonNode channel) {
        JsonNode copy = channel.deepCopy();
        if (copy instanceof ObjectNode o && o.get("srt") instanceof ObjectNode srt) {
            srt.remove("passphrase");
        }
        return copy;
    }

    String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
