package dev.openivs.playbackauth.rest;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.internal.ResourceRef;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicy;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenRequest;
import dev.openivs.playbackauth.model.VerifyPlaybackTokenResponse;
import dev.openivs.playbackauth.service.InternalPlaybackAuthService;
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
    private final InternalPlaybackAuthService service;

    public InternalPlaybackAuthResource(InternalPlaybackAuthService service) {
        this.service = service;
    }

    /** 200 {@code {"arn"}} when the key pair or policy exists in the caller's account, else 404. */
    @GET
    @Path("resources")
    public Uni<ResourceRef> exists(@QueryParam("arn") String arnValue) {
        return service.exists(required(arnValue, "arn"));
    }

    @POST
    @Path("playback-tokens/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    public Uni<VerifyPlaybackTokenResponse> verify(@Valid VerifyPlaybackTokenRequest request) {
        VerifyPlaybackTokenRequest r = Requests.required(request, "token");
        return service.verify(r.token(), r.channelArn(), r.origin());
    }

    @GET
    @Path("playback-restriction-policies")
    public Uni<PlaybackRestrictionPolicy> policy(@QueryParam("arn") String arn) {
        return service.policy(required(arn, "arn"));
    }

    @GET
    @Path("revocations")
    public Uni<Map<String, Long>> revokedUpTo(@QueryParam("channelArn") String channelArn,
            @QueryParam("viewerId") String viewerId) {
        Arn.parse(required(channelArn, "channelArn"), ResourceType.CHANNEL);
        return service.revokedUpTo(channelArn, required(viewerId, "viewerId"));
    }

    private static String required(String value, String name) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("Query parameter '" + name + "' is required.");
        }
        return value;
    }
}
