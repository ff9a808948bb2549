package dev.openivs.playbackauth.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.channel.ChannelReferencesClient;
import dev.openivs.playbackauth.model.BatchStartViewerSessionRevocationError;
import dev.openivs.playbackauth.model.BatchStartViewerSessionRevocationViewerSession;
import dev.openivs.playbackauth.repository.ViewerRevocationRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Viewer-session revocations: per (channel, viewer id) the highest revoked {@code aws:viewer-session-version}; tokens
 * of that viewer on that channel with a version at or below it are refused. Each revocation is published as
 * ViewerSessionsRevoked.v1 (ivs.playback-auth, keyed by the channel ARN) so the playback edge can stop sessions.
 */
@ApplicationScoped
public class ViewerRevocationService {
    static final String REVOKED = EventTypes.VIEWER_SESSIONS_REVOKED;
    private final ViewerRevocationRepository repository;
    private final ChannelReferencesClient channels;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final IvsConfig ivs;

    public ViewerRevocationService(ViewerRevocationRepository repository, @RestClient ChannelReferencesClient channels,
            Outbox outbox, RequestContext ctx, IvsConfig ivs) {
        this.repository = repository;
        this.channels = channels;
        this.outbox = outbox;
        this.ctx = ctx;
        this.ivs = ivs;
    }

    public Uni<Void> start(String channelArn, String viewerId, Integer upTo) {
        String account = ctx.requireAccountId();
        String channel = Arn.owned(channelArn, ResourceType.CHANNEL, ivs.region(), account).toString();
        long version = upTo == null ? 0 : upTo;
        Map<String, Object> request = request(channel, viewerId, version);
        return channels.channel(channel).chain(() -> outbox.transactional(() -> revoke(account, channel, viewerId,
                version).call(() -> outbox.apiCall("StartViewerSessionRevocation", request, null, channel))));
    }

    /** Revokes every pair it can; pairs whose channel is missing (or not the caller's) are reported, not fatal. */
    public Uni<List<BatchStartViewerSessionRevocationError>> startBatch(
            List<BatchStartViewerSessionRevocationViewerSession> sessions) {
        String account = ctx.requireAccountId();
        List<Uni<Optional<BatchStartViewerSessionRevocationError>>> checks = new ArrayList<>();
        for (BatchStartViewerSessionRevocationViewerSession s : sessions) {
            checks.add(check(account, s));
        }
        return Uni.join().all(checks).andFailFast().chain(results -> {
            List<BatchStartViewerSessionRevocationError> errors = new ArrayList<>();
            List<BatchStartViewerSessionRevocationViewerSession> accepted = new ArrayList<>();
            for (int i = 0; i < sessions.size(); i++) {
                if (results.get(i).isEmpty()) {
                    accepted.add(sessions.get(i));
                } else {
                    errors.add(results.get(i).get());
                }
            }
            if (accepted.isEmpty()) {
                return Uni.createFrom().item(errors);
            }
            List<Map<String, Object>> requested = sessions.stream().map(s -> request(s.channelArn(), s.viewerId(),
                    version(s))).toList();
            return outbox.transactional(() -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (BatchStartViewerSessionRevocationViewerSession s : accepted) {
                    chain = chain.chain(() -> revoke(account, s.channelArn(), s.viewerId(), version(s)));
                }
                return chain.call(() -> outbox.apiCall("BatchStartViewerSessionRevocation",
                        Map.of("viewerSessions", requested), Map.of("errors", errors), null));
            }).replaceWith(errors);
        });
    }

    /** Empty when the pair can be revoked, else its error entry. A neighbour that is down fails the whole call. */
    private Uni<Optional<BatchStartViewerSessionRevocationError>> check(String account,
            BatchStartViewerSessionRevocationViewerSession s) {
        Arn arn = Arn.parse(s.channelArn()).orElse(null);
        if (arn == null || !arn.ownedBy(ivs.region(), account)) {
            return Uni.createFrom().item(Optional.of(notFound(s)));
        }
        return channels.channel(s.channelArn()).replaceWith(Optional.<BatchStartViewerSessionRevocationError>empty())
                .onFailure(e -> e instanceof AwsException a && a.shape() == AwsErrorShape.ResourceNotFoundException)
                .recoverWithItem(() -> Optional.of(notFound(s)));
    }

    private static BatchStartViewerSessionRevocationError notFound(BatchStartViewerSessionRevocationViewerSession s) {
        return new BatchStartViewerSessionRevocationError(s.channelArn(), s.viewerId(), "404",
                new ResourceNotFoundException().getMessage());
    }

    public Uni<Long> revokedUpTo(String channelArn, String viewerId) {
        return Panache.withSession(() -> repository.revokedUpTo(channelArn, viewerId));
    }

    private Uni<Void> revoke(String account, String channelArn, String viewerId, long version) {
        return repository.revoke(channelArn, viewerId, account, version)
                .chain(() -> outbox.internal(Topics.PLAYBACK_AUTH, channelArn, "viewer-session", channelArn + "/"
                        + viewerId, REVOKED, account, request(channelArn, viewerId, version)));
    }

    private static long version(BatchStartViewerSessionRevocationViewerSession s) {
        return s.viewerSessionVersionsLessThanOrEqualTo() == null ? 0 : s.viewerSessionVersionsLessThanOrEqualTo();
    }

    private static Map<String, Object> request(String channelArn, String viewerId, long version) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("channelArn", channelArn);
        m.put("viewerId", viewerId);
        m.put("viewerSessionVersionsLessThanOrEqualTo", version);
        return m;
    }
}
