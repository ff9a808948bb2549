package dev.openivs.stream.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.channel.InternalChannel;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.live.IngestConnection;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.LiveStreams;
import dev.openivs.stream.live.StreamHealth;
import dev.openivs.stream.live.StreamSupervisor;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.repository.StreamSessionRepository;
import dev.openivs.stream.session.Replica;
import dev.openivs.stream.session.StreamSessionService;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Publish authorisation, whatever the ingest protocol: the stream key (streamkey-service), the channel
 * (channel-service), the transport the channel allows, its recording configuration, and one live session per
 * channel (the session row is created here, then {@link StreamSupervisor} runs the stream).
 *
 * <p>Second publisher rule: while a channel's session is HEALTHY or UNKNOWN the newcomer is refused
 * ({@code NetStream.Publish.BadName}, "channel is already live"); when it is STARVING the newcomer takes over (the
 * old connection is closed and its session ended first). A session held by a replica that stopped refreshing its
 * heartbeat is ended and replaced.
 */
@ApplicationScoped
public class PublishAuthorizer {
    private static final Logger LOG = Logger.getLogger(PublishAuthorizer.class);
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
    private final StreamSupervisor supervisor;

    public PublishAuthorizer(@RestClient StreamKeyClient streamKeys, @RestClient ChannelClient channels,
            @RestClient RecordingClient recordings, StreamSessionService sessions,
            StreamSessionRepository sessionRepository, LiveStreams live, StreamConfig config, Replica replica,
            ObjectMapper mapper, StreamSupervisor supervisor) {
        this.streamKeys = streamKeys;
        this.channels = channels;
        this.recordings = recordings;
        this.sessions = sessions;
        this.sessionRepository = sessionRepository;
        this.live = live;
        this.config = config;
        this.replica = replica;
        this.mapper = mapper;
        this.supervisor = supervisor;
    }

    /**
     * What a connection asks for at {@code publish}: {@code transport} is what the session records
     * ({@code rtmp}, {@code rtmps}, {@code srt}), {@code secure} whether the media is encrypted (TLS, SRT AES).
     */
    public record PublishAttempt(String streamKey, String transport, boolean secure, IngestConnection connection) {
        /** An RTMP publish: {@code rtmps} when {@code secure}. */
        public PublishAttempt(String streamKey, boolean secure, IngestConnection connection) {
            this(streamKey, secure ? "rtmps" : "rtmp", secure, connection);
        }

        @Override
        public String toString() {
            return "PublishAttempt[" + transport + ", secure=" + secure + ", from=" + connection.remoteAddress()
                    + "]";
        }
    }

    /** A stream key's lookup and its channel as channel-service answers it. */
    public record KeyedChannel(StreamKeyClient.StreamKeyLookup key, JsonNode channel) {
    }

    /**
     * The channel of a stream key (streamkey-service, then channel-service), on whatever thread answers; fails
     * with {@link PublishRefused} ({@link #KEY_REFUSED} for a malformed, unknown or deleted key).
     */
    public Uni<KeyedChannel> channelOf(String key) {
        if (key == null || key.isBlank() || key.length() > 256) {
            return Uni.createFrom().failure(new PublishRefused(PublishRefused.BAD_NAME, KEY_REFUSED));
        }
        return streamKeys.lookup(new StreamKeyClient.LookupRequest(key))
                .onFailure().transform(PublishAuthorizer::refusal)
                .chain(found -> channels.get(found.channelArn(), found.account())
                        .onFailure().transform(PublishAuthorizer::refusal)
                        .map(channel -> new KeyedChannel(found, channel)));
    }

    /**
     * Authorizes and starts a stream; the item arrives on the connection's context. Fails with
     * {@link PublishRefused} when the publish is not allowed.
     */
    public Uni<LiveStream> publish(PublishAttempt attempt) {
        Context ctx = attempt.connection().context();
        Uni<LiveStream> flow = channelOf(attempt.streamKey())
                .chain(keyed -> authorize(attempt, keyed.key(), keyed.channel()));
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
        InternalChannel typed = InternalChannel.of(channel);
        if (!attempt.secure() && !Boolean.TRUE.equals(typed.insecureIngest())) {
            return Uni.createFrom().failure(new PublishRefused(PublishRefused.BAD_NAME,
                    "insecure ingest is disabled for this channel, use "
                            + (attempt.transport().startsWith("srt") ? "the channel's SRT passphrase" : "rtmps")));
        }
        String recordingArn = orEmpty(typed.recordingConfigurationArn());
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
            return supervisor.stop(existing, "takeover").chain(() -> start(attempt, found, channel, recording, false));
        }
        Instant now = StreamSessionService.now();
        StreamSessionEntity s = new StreamSessionEntity();
        s.streamId = "st-" + Ids.alnum(23);
        s.account = found.account();
        s.channelArn = channelArn;
        InternalChannel typed = InternalChannel.of(channel);
        s.channelName = orEmpty(typed.name());
        s.playbackUrl = typed.playbackUrl();
        s.startTime = now;
        s.health = StreamHealth.UNKNOWN;
        s.transport = attempt.transport();
        s.channelJson = json(snapshot(channel));
        s.recordingJson = recording == null ? null : json(recording);
        s.ownerInstance = replica.id();
        s.ownerUrl = replica.url();
        s.ownerPlaybackUrl = replica.playbackUrl();
        s.heartbeatAt = now;
        String recordingArn = orEmpty(typed.recordingConfigurationArn());
        return SafeContext.on(ctx, () -> sessions.create(s, recordingArn))
                .chain(v -> {
                    LiveStream stream = supervisor.began(attempt.connection(), s, channel);
                    return stream == null ? Uni.createFrom().<LiveStream>failure(alreadyLive())
                            : Uni.createFrom().item(stream);
                })
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

    private JsonNode snapshot(JsonNode channel) {
        JsonNode copy = channel.deepCopy();
        if (copy instanceof ObjectNode o && o.get("srt") instanceof ObjectNode srt) {
            srt.remove("passphrase");
        }
        return copy;
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
