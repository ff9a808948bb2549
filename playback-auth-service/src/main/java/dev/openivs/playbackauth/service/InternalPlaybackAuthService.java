package dev.openivs.playbackauth.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.playbackauth.mapping.PlaybackRestrictionPolicyMapper;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicy;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenResponse;
import dev.openivs.playbackauth.repository.PlaybackKeyPairRepository;
import dev.openivs.playbackauth.repository.PlaybackRestrictionPolicyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/**
 * The internal operations (docs/internal-api.md): existence checks, a policy for channel-service and the playback
 * edge, token verification and revocations for the edge.
 */
@ApplicationScoped
public class InternalPlaybackAuthService {
    private final PlaybackKeyPairRepository keyPairs;
    private final PlaybackRestrictionPolicyRepository policies;
    private final PlaybackRestrictionPolicyMapper policyMapper;
    private final PlaybackTokenService tokens;
    private final ViewerRevocationService revocations;
    private final ResourceTags tags;
    private final RequestContext ctx;
    private final IvsConfig ivs;

    public InternalPlaybackAuthService(PlaybackKeyPairRepository keyPairs, PlaybackRestrictionPolicyRepository policies,
            PlaybackRestrictionPolicyMapper policyMapper, PlaybackTokenService tokens,
            ViewerRevocationService revocations, ResourceTags tags, RequestContext ctx, IvsConfig ivs) {
        this.keyPairs = keyPairs;
        this.policies = policies;
        this.policyMapper = policyMapper;
        this.tokens = tokens;
        this.revocations = revocations;
        this.tags = tags;
        this.ctx = ctx;
        this.ivs = ivs;
    }

    /** The key pair or policy exists in the caller's account (else ResourceNotFoundException). */
    public Uni<ResourceRef> exists(String arnValue) {
        Arn arn = Arn.parse(arnValue).orElseThrow(() -> new ValidationException(
                "Value '" + arnValue + "' at 'arn' failed to satisfy constraint: Member must be a valid IVS ARN"));
        String account = ctx.accountId() != null ? ctx.accountId() : arn.account();
        if (!arn.account().equals(account)) {
            throw new ResourceNotFoundException();
        }
        Uni<Boolean> found;
        if (arn.type() == ResourceType.PLAYBACK_KEY) {
            found = Panache.withSession(() -> keyPairs.findOwned(arn.toString(), account)).map(e -> e != null);
        } else if (arn.type() == ResourceType.PLAYBACK_RESTRICTION_POLICY) {
            found = policies.findInternal(arn, ivs.region(), ctx.accountId()).replaceWith(true);
        } else {
            throw new ResourceNotFoundException();
        }
        return found.map(f -> {
            if (!f) {
                throw new ResourceNotFoundException();
            }
            return new ResourceRef(arn.toString());
        });
    }

    /** The policy with its tags, in the caller's account when one is named. */
    public Uni<PlaybackRestrictionPolicy> policy(String arnValue) {
        Arn arn = Arn.parse(arnValue, ResourceType.PLAYBACK_RESTRICTION_POLICY);
        return policies.findInternal(arn, ivs.region(), ctx.accountId())
                .chain(e -> tags.of(e.account, e.arn).map(t -> policyMapper.toWire(e, t)));
    }

    public Uni<VerifyPlaybackTokenResponse> verify(String token, String channelArn, String origin) {
        return tokens.verify(token, channelArn, origin);
    }

    public Uni<Map<String, Long>> revokedUpTo(String channelArn, String viewerId) {
        return revocations.revokedUpTo(channelArn, viewerId).map(n -> Map.of("revokedUpTo", n));
    }
}
