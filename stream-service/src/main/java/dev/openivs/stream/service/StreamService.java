package dev.openivs.stream.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ChannelNotBroadcasting;
import dev.openivs.aws.errors.ConflictException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ThrottlingException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.Ids;
import dev.openivs.aws.support.PageTokens;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.stream.PeerClient;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.live.StreamSupervisor;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.LiveStreams;
import dev.openivs.stream.mapping.IngestConfiguration;
import dev.openivs.stream.media.AdBreak;
import dev.openivs.stream.mapping.IngestConfigurations;
import dev.openivs.stream.mapping.Responses.GetStreamResponse;
import dev.openivs.stream.mapping.Responses.GetStreamSessionResponse;
import dev.openivs.stream.mapping.Responses.ListStreamSessionsResponse;
import dev.openivs.stream.mapping.Responses.ListStreamsResponse;
import dev.openivs.stream.mapping.Stream;
import dev.openivs.stream.mapping.StreamEvent;
import dev.openivs.stream.mapping.StreamSession;
import dev.openivs.stream.mapping.StreamSessionSummary;
import dev.openivs.stream.mapping.StreamSummary;
import dev.openivs.stream.repository.StreamEventRepository;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.repository.StreamSessionRepository;
import dev.openivs.stream.session.Replica;
import dev.openivs.stream.session.StreamSessionService;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The IVS stream operations: GetStream, ListStreams, GetStreamSession, ListStreamSessions, StopStream, PutMetadata,
 * InsertAdBreak.
 */
@ApplicationScoped
public class StreamService {
    private static final Logger LOG = Logger.getLogger(StreamService.class);
    public static final int MAX_METADATA_BYTES = 1024;
    private static final int MAX_EVENTS = 500;

    private final StreamSessionRepository sessions;
    private final StreamEventRepository events;
    private final StreamSessionService sessionService;
    private final StreamSupervisor supervisor;
    private final LiveStreams live;
    private final ChannelClient channels;
    private final PageTokens pageTokens;
    private final RequestContext request;
    private final IvsConfig ivs;
    private final StreamConfig config;
    private final Replica replica;
    private final ObjectMapper mapper;
    private final ViewerCounts viewers;
    private final Outbox outbox;
    private final ResourceTags tags;
    private final RateLimiter channelRate = new RateLimiter();
    private final RateLimiter accountRate = new RateLimiter();

    public StreamService(StreamSessionRepository sessions, StreamEventRepository events,
            StreamSessionService sessionService, StreamSupervisor supervisor, LiveStreams live,
            @RestClient ChannelClient channels, PageTokens pageTokens, RequestContext request, IvsConfig ivs,
            StreamConfig config, Replica replica, ObjectMapper mapper, ViewerCounts viewers, Outbox outbox,
            ResourceTags tags) {
        this.sessions = sessions;
        this.events = events;
        this.sessionService = sessionService;
        this.supervisor = supervisor;
        this.live = live;
        this.channels = channels;
        this.pageTokens = pageTokens;
        this.request = request;
        this.ivs = ivs;
        this.config = config;
        this.replica = replica;
        this.mapper = mapper;
        this.viewers = viewers;
        this.outbox = outbox;
        this.tags = tags;
    }

    /** The CloudTrail event of a successful StopStream or PutMetadata (the change itself is the live stream's). */
    private Uni<Void> recordApiCall(String operation, Map<String, Object> parameters, String channelArn) {
        return outbox.transactional(() -> outbox.apiCall(operation, parameters, null, channelArn));
    }

    private Arn owned(String channelArn) {
        return Arn.owned(channelArn, ResourceType.CHANNEL, ivs.region(), request.requireAccountId());
    }

    /** The channel is offline: ChannelNotBroadcasting when it exists, else ResourceNotFoundException. */
    private <T> Uni<T> offline(String channelArn, String account) {
        return channels.get(channelArn, account)
                .onItem().transform(c -> {
                    throw new ChannelNotBroadcasting();
                });
    }

    @WithSession
    public Uni<GetStreamResponse> getStream(String channelArn) {
        String account = request.requireAccountId();
        owned(channelArn);
        return sessions.findLive(channelArn).chain(s -> s == null ? offline(channelArn, account)
                : Uni.createFrom().item(new GetStreamResponse(new Stream(s.channelArn, s.streamId, s.playbackUrl,
                        s.startTime, "LIVE", health(s), viewers.count(s.channelArn)))));
    }

    private String health(StreamSessionEntity s) {
        return live.get(s.channelArn).filter(l -> l.streamId().equals(s.streamId)).map(LiveStream::health)
                .orElse(s.health);
    }

    @WithSession
    public Uni<ListStreamsResponse> listStreams(String health, String nextToken, Integer maxResults) {
        String account = request.requireAccountId();
        String scope = "ListStreams|" + (health == null ? "" : health);
        String after = pageTokens.decode(nextToken, account, scope);
        int limit = maxResults == null ? 100 : maxResults;
        String prefix = "arn:aws:ivs:" + ivs.region() + ":" + account + ":channel/";
        return sessions.listLive(account, prefix, health, after, limit + 1).map(rows -> {
            List<StreamSummary> page = rows.stream().limit(limit).map(s -> new StreamSummary(s.channelArn,
                    s.streamId, "LIVE", health(s), viewers.count(s.channelArn), s.startTime)).toList();
            String token = rows.size() > limit
                    ? pageTokens.encode(account, scope, page.get(page.size() - 1).channelArn()) : null;
            return new ListStreamsResponse(page, token);
        });
    }

    @WithSession
    /**
     * The session's {@code channel} is the configuration snapshot taken when the stream started, with the channel's
     * tags as they are now (read from tagging-service, as GetChannel does; {@code {}} once the channel is deleted).
     */
    public Uni<GetStreamSessionResponse> getStreamSession(String channelArn, String streamId) {
        String account = owned(channelArn).account();
        Uni<StreamSessionEntity> found = streamId == null ? sessions.findLatest(channelArn)
                : sessions.findByChannelAndId(channelArn, streamId);
        return found.chain(s -> {
            if (s == null) {
                return Uni.createFrom().failure(new ResourceNotFoundException());
            }
            return events.newest(s.streamId, MAX_EVENTS).chain(list -> tags.of(account, channelArn).map(t ->
                    new GetStreamSessionResponse(toSession(s, t,
                            list.stream().map(e -> new StreamEvent(e.name, e.type, e.eventTime, e.code)).toList()))));
        });
    }

    private StreamSession toSession(StreamSessionEntity s, Map<String, String> channelTags,
            List<StreamEvent> truncatedEvents) {
        IngestConfiguration ingestConfiguration = live.get(s.channelArn)
                .filter(l -> l.streamId().equals(s.streamId))
                .map(LiveStream::ingestConfiguration)
                .orElseGet(() -> read(s.ingestJson, IngestConfiguration.class));
        IngestConfigurations all = ingestConfiguration == null ? null : ingestConfiguration.all();
        JsonNode channel = read(s.channelJson, JsonNode.class);
        if (channel instanceof ObjectNode o) {
            o.set("tags", mapper.valueToTree(channelTags));
        }
        return new StreamSession(s.streamId, s.startTime, s.endTime, channel,
                ingestConfiguration == null ? null : ingestConfiguration.single(), all, read(s.recordingJson, JsonNode.class), truncatedEvents);
    }

    private <T> T read(String json, Class<T> type) {
        if (json == null) {
            return null;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            LOG.warnf("unreadable stored JSON (%s)", type.getSimpleName());
            return null;
        }
    }

    @WithSession
    public Uni<ListStreamSessionsResponse> listStreamSessions(String channelArn, String nextToken,
            Integer maxResults) {
        String account = request.requireAccountId();
        owned(channelArn);
        String scope = "ListStreamSessions|" + channelArn;
        String position = pageTokens.decode(nextToken, account, scope);
        Instant afterStart = null;
        String afterId = null;
        if (position != null) {
            int bar = position.indexOf('|');
            try {
                afterStart = Instant.parse(position.substring(0, bar));
                afterId = position.substring(bar + 1);
            } catch (RuntimeException e) {
                throw new ValidationException("The pagination token is invalid.");
            }
        }
        int limit = maxResults == null ? 100 : maxResults;
        boolean firstPage = position == null;
        return sessions.listByChannel(channelArn, afterStart, afterId, limit + 1).chain(rows -> {
            List<StreamSessionSummary> page = rows.stream().limit(limit).map(s -> new StreamSessionSummary(
                    s.streamId, s.startTime, s.endTime, s.hasErrorEvent)).toList();
            String token = null;
            if (rows.size() > limit) {
                StreamSessionSummary last = page.get(page.size() - 1);
                token = pageTokens.encode(account, scope, last.startTime() + "|" + last.streamId());
            }
            ListStreamSessionsResponse response = new ListStreamSessionsResponse(page, token);
            if (firstPage && page.isEmpty()) {
                // no session ever: the channel must still exist (404 otherwise)
                return channels.get(channelArn, account).replaceWith(response);
            }
            return Uni.createFrom().item(response);
        });
    }

    /** Closes the encoder's connection wherever it is held and ends the session. */
    @WithSession
    public Uni<Void> stopStream(String channelArn) {
        String account = request.requireAccountId();
        owned(channelArn);
        return sessions.findLive(channelArn).chain(s -> {
            if (s == null) {
                return this.<Void>offline(channelArn, account);
            }
            return stopLive(s);
        }).call(() -> recordApiCall("StopStream", Map.of("channelArn", channelArn), channelArn));
    }

    /** Stops the live session {@code s}: here, at its holder, or (holder gone) in the database. */
    private Uni<Void> stopLive(StreamSessionEntity s) {
        Optional<LiveStream> local = live.get(s.channelArn).filter(l -> l.streamId().equals(s.streamId));
        if (local.isPresent()) {
            return supervisor.stop(local.get(), "StopStream");
        }
        if (!replica.id().equals(s.ownerInstance) && s.ownerUrl != null) {
            return peer(s.ownerUrl).stop(s.channelArn)
                    .ifNoItem().after(Duration.ofSeconds(5)).fail()
                    .onFailure().recoverWithUni(e -> {
                        LOG.infof("holder %s of %s unreachable (%s); ending the session here", s.ownerInstance,
                                s.streamId, e.toString());
                        return endHere(s.streamId);
                    });
        }
        return endHere(s.streamId);
    }

    private Uni<Void> endHere(String streamId) {
        return sessionService.end(streamId, null, "StopStream", StreamSessionService.now()).replaceWithVoid();
    }

    /** Internal: a peer asks this replica to stop the stream it holds for the channel. */
    @WithSession
    public Uni<Void> stopHeld(String channelArn) {
        Optional<LiveStream> local = live.get(channelArn);
        if (local.isPresent()) {
            return supervisor.stop(local.get(), "StopStream");
        }
        return sessions.findLive(channelArn).chain(s -> s == null ? Uni.createFrom().voidItem() : endHere(s.streamId));
    }

    @WithSession
    public Uni<Void> putMetadata(String channelArn, String metadata) {
        String account = request.requireAccountId();
        owned(channelArn);
        if (metadata.getBytes(StandardCharsets.UTF_8).length > MAX_METADATA_BYTES) {
            throw new ValidationException("Value at 'metadata' failed to satisfy constraint: Member must have "
                    + "length less than or equal to " + MAX_METADATA_BYTES + " bytes");
        }
        long now = System.currentTimeMillis();
        if (!channelRate.tryAcquire(channelArn, config.metadata().perChannelPerSecond(), now)
                || !accountRate.tryAcquire(account, config.metadata().perAccountPerSecond(), now)) {
            throw new ThrottlingException();
        }
        return sessions.findLive(channelArn).chain(s -> {
            if (s == null) {
                return offline(channelArn, account);
            }
            Optional<LiveStream> local = live.get(channelArn).filter(l -> l.streamId().equals(s.streamId));
            if (local.isPresent()) {
                local.get().putMetadata(metadata, StreamSessionService.now());
                return Uni.createFrom().voidItem();
            }
            if (!replica.id().equals(s.ownerInstance) && s.ownerUrl != null) {
                return peer(s.ownerUrl).metadata(channelArn, new PeerClient.MetadataForward(metadata));
            }
            return Uni.createFrom().<Void>failure(new ChannelNotBroadcasting());
        }).call(() -> recordApiCall("PutMetadata", Map.of("channelArn", channelArn, "metadata", metadata),
                channelArn));
    }

    /** Internal: metadata forwarded by a peer for the stream this replica holds. */
    public void putHeldMetadata(String channelArn, String metadata) {
        LiveStream stream = live.get(channelArn).orElseThrow(ChannelNotBroadcasting::new);
        stream.putMetadata(metadata, StreamSessionService.now());
    }

    /**
     * InsertAdBreak: marks a break of {@code durationSeconds} at the live edge of the channel's HLS output, wherever
     * the stream is held. ConflictException when the channel has no ad configuration (its configuration at stream
     * start, which cannot change while live).
     */
    @WithSession
    public Uni<String> insertAdBreak(String channelArn, int durationSeconds) {
        String account = request.requireAccountId();
        owned(channelArn);
        String adBreakId = Ids.alnum(12);
        return sessions.findLive(channelArn).chain(s -> {
            if (s == null) {
                return this.<Void>offline(channelArn, account);
            }
            JsonNode channel = read(s.channelJson, JsonNode.class);
            String adConfigurationArn = channel == null ? "" : channel.path("adConfigurationArn").asText("");
            if (adConfigurationArn.isEmpty()) {
                return Uni.createFrom().<Void>failure(new ConflictException(
                        "The channel has no ad configuration: set its adConfigurationArn before inserting ad breaks."));
            }
            Optional<LiveStream> local = live.get(channelArn).filter(l -> l.streamId().equals(s.streamId));
            if (local.isPresent()) {
                local.get().insertAdBreak(AdBreak.of(adBreakId, durationSeconds, StreamSessionService.now()));
                return Uni.createFrom().voidItem();
            }
            if (!replica.id().equals(s.ownerInstance) && s.ownerUrl != null) {
                return peer(s.ownerUrl).adBreak(channelArn, new PeerClient.AdBreakForward(adBreakId, durationSeconds));
            }
            return Uni.createFrom().<Void>failure(new ChannelNotBroadcasting());
        }).call(() -> outbox.transactional(() -> outbox.apiCall("InsertAdBreak",
                Map.of("channelArn", channelArn, "durationSeconds", durationSeconds), Map.of("adBreakId", adBreakId),
                channelArn))).replaceWith(adBreakId);
    }

    /** Internal: an ad break forwarded by a peer for the stream this replica holds. */
    public void insertHeldAdBreak(String channelArn, String adBreakId, int durationSeconds) {
        LiveStream stream = live.get(channelArn).orElseThrow(ChannelNotBroadcasting::new);
        stream.insertAdBreak(AdBreak.of(adBreakId, durationSeconds, StreamSessionService.now()));
    }

    @WithSession
    public Uni<Boolean> isLive(String channelArn) {
        return sessions.findLive(channelArn).map(s -> s != null);
    }

    private PeerClient peer(String url) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url)).build(PeerClient.class);
    }
}
