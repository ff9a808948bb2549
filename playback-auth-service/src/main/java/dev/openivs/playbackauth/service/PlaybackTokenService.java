package dev.openivs.playbackauth.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.playbackauth.config.PlaybackAuthConfig;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenResponse;
import dev.openivs.playbackauth.repository.ViewerRevocationRepository;
import dev.openivs.playbackauth.service.PlaybackTokenVerifier.Reason;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;

/**
 * Token verification for the playback edge: signature against the key pairs of the channel's account (a deleted key
 * pair no longer verifies anything), claims ({@link PlaybackTokenVerifier}), then viewer-session revocation and
 * single-use spending. A single-use token is spent by the first successful verification, so the edge verifies only
 * when a playback session starts (multivariant playlist), as IVS checks {@code exp} only then.
 */
@ApplicationScoped
public class PlaybackTokenService {
    private final PlaybackKeyPairService keyPairs;
    private final ViewerRevocationRepository revocations;
    private final PlaybackTokenVerifier verifier;
    private final Clock clock;

    public PlaybackTokenService(PlaybackKeyPairService keyPairs, ViewerRevocationRepository revocations,
            ObjectMapper mapper, PlaybackAuthConfig config) {
        this.keyPairs = keyPairs;
        this.revocations = revocations;
        this.verifier = new PlaybackTokenVerifier(mapper, config.maxShortLivedTokenSeconds());
        this.clock = Clock.systemUTC();
    }

    public Uni<VerifyPlaybackTokenResponse> verify(String token, String channelArn, String origin) {
        Arn channel = Arn.parse(channelArn, ResourceType.CHANNEL);
        Instant now = clock.instant();
        return keyPairs.keysOf(channel.account()).chain(keys -> {
            PlaybackTokenVerifier.Result result = verifier.verify(token, channelArn, keys, origin, now);
            if (!result.allowed()) {
                return Uni.createFrom().item(answer(result.reason(), result));
            }
            PlaybackTokenVerifier.Claims c = result.claims();
            return Panache.withTransaction(() -> revoked(c).chain(revoked -> {
                if (revoked) {
                    return Uni.createFrom().item(answer(Reason.VIEWER_SESSION_REVOKED, result));
                }
                if (c.singleUseUuid() == null) {
                    return Uni.createFrom().item(answer(Reason.OK, result));
                }
                return revocations.spendSingleUse(channelArn, c.singleUseUuid(), Instant.ofEpochSecond(c.exp()))
                        .map(first -> answer(first ? Reason.OK : Reason.TOKEN_ALREADY_USED, result));
            }));
        });
    }

    private Uni<Boolean> revoked(PlaybackTokenVerifier.Claims c) {
        if (c.viewerId() == null) {
            return Uni.createFrom().item(false);
        }
        return revocations.revokedUpTo(c.channelArn(), c.viewerId()).map(upTo -> c.viewerSessionVersion() <= upTo);
    }

    private static VerifyPlaybackTokenResponse answer(Reason reason, PlaybackTokenVerifier.Result r) {
        PlaybackTokenVerifier.Claims c = r.claims();
        if (c == null) {
            return new VerifyPlaybackTokenResponse(false, reason.name(), null, null, null, null, null, null, null);
        }
        return new VerifyPlaybackTokenResponse(reason == Reason.OK, reason.name(), c.viewerId(),
                c.viewerId() == null ? null : c.viewerSessionVersion(), c.maxResolution(),
                r.allowedOrigin(), c.strictOriginEnforcement(), c.singleUseUuid(), Instant.ofEpochSecond(c.exp()));
    }
}
