package dev.openivs.internal.playbackauth;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * playback-auth-service's internal API (docs/internal-api.md): does a playback restriction policy exist
 * (channel-service at Create/UpdateChannel), and, for stream-service's playback edge, token verification at playback
 * start and the channel's policy. The edge calls it reactively from its event loops (never blocking them).
 */
@RegisterRestClient(configKey = "playback-auth-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal")
public interface PlaybackAuthClient {

    /** What the edge asks about a viewer's token (the token itself is never logged). */
    record VerifyRequest(String token, String channelArn, String origin, String viewerIp) {
    }

    /** The verdict and the verified claims the edge enforces for the rest of the playback session. */
    record Verdict(boolean allowed, String reason, String viewerId, Long viewerSessionVersion, String maxResolution,
            String allowedOrigin, Boolean strictOriginEnforcement, String singleUseUuid) {
    }

    /** A playback restriction policy (REFERENCE §9); empty lists allow everything. */
    record Policy(String arn, List<String> allowedCountries, List<String> allowedOrigins,
            Boolean enableStrictOriginEnforcement) {
    }

    @POST
    @Path("playback-tokens/verify")
    @Consumes(MediaType.APPLICATION_JSON)
    Uni<Verdict> verify(VerifyRequest request, @HeaderParam(InternalHeaders.ACCOUNT_ID) String account);

    /** The policy in the account of the API request being served, or ResourceNotFoundException. */
    @GET
    @Path("playback-restriction-policies")
    Uni<Policy> get(@QueryParam("arn") String arn);

    /** The policy in the given account, or ResourceNotFoundException. */
    @GET
    @Path("playback-restriction-policies")
    Uni<Policy> policy(@QueryParam("arn") String arn, @HeaderParam(InternalHeaders.ACCOUNT_ID) String account);
}
