package dev.openivs.playbackauth.rest;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.internal.ResourceRef;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicy;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenRequest;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenResponse;
import dev.openivs.playbackauth.service.PlaybackKeyPairService;
import dev.openivs.playbackauth.service.PlaybackRestrictionPolicyService;
import dev.openivs.playbackauth.service.PlaybackTokenService;
import dev.openivs.playbackauth.service.ViewerRevocationService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * Internal API (docs/internal-api.md): existence checks (ResourcesClient), token verification, policies and
 * revocations for channel-service and the playback edge (PlaybackAuthClient).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalPlaybackAuthResource {
    private final PlaybackKeyPairService keyPairs;
    private final PlaybackRestrictionPolicyService policies;
    private final ViewerRevocationService revocations;
    private final PlaybackTokenService tokens;
    private final RequestContext ctx;

    public InternalPlaybackAuthResource(PlaybackKeyPairService keyPairs, PlaybackRestrictionPolicyService policies,
            ViewerRevocationService revocations, PlaybackTokenService tokens, RequestContext ctx) {
        this.keyPairs = keyPairs;
        this.policies = policies;
        this.revocations = revocations;
        this.tokens = tokens;
        this.ctx = ctx;
    }

    /** 200 {@code {"arn"}} when the key pair or policy exists in the caller's account, else 404. */
    @GET
    @Path("resources")
    public Uni<ResourceRef> exists(@QueryParam("arn") String arnValue) {
        Arn arn = Arn.parse(required(arnValue, "arn")).orElseThrow(() -> new ValidationException(
                "Value '" + arnValue + "' at 'arn' failed to satisfy constraint: Member must be a valid IVS ARN"));
        String account = ctx.accountId() != null ? ctx.accountId() : arn.account();
        if (!arn.account().equals(account)) {
            throw new ResourceNotFoundException();
        }
        Uni<Boolean> found;
        if (arn.type() == ResourceType.PLAYBACK_KEY) {
            found = keyPairs.exists(arn.toString(), account);
        } else if (arn.type() == ResourceType.PLAYBACK_RESTRICTION_POLICY) {
            found = policies.internalGet(arn.toString(), false).replaceWith(true);
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

    @POST
    @Path("playback-tokens/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<VerifyPlaybackTokenResponse> verify(@Valid VerifyPlaybackTokenRequest request) {
        VerifyPlaybackTokenRequest r = Requests.required(request, "token");
        return tokens.verify(r.token(), r.channelArn(), r.origin());
    }

    @GET
    @Path("playback-restriction-policies")
    public Uni<PlaybackRestrictionPolicy> policy(@QueryParam("arn") String arn) {
        return policies.internalGet(required(arn, "arn"), true);
    }

    @GET
    @Path("revocations")
    public Uni<Map<String, Long>> revokedUpTo(@QueryParam("channelArn") String channelArn,
            @QueryParam("viewerId") String viewerId) {
        Arn.parse(required(channelArn, "channelArn"), ResourceType.CHANNEL);
        return revocations.revokedUpTo(channelArn, required(viewerId, "viewerId"))
                .map(n -> Map.of("revokedUpTo", n));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("Query parameter '" + name + "' is required.");
        }
        return value;
    }
}
