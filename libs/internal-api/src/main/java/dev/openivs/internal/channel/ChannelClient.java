package dev.openivs.internal.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
import dev.openivs.internal.ResourceRef;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * channel-service's internal API for streamkey-service (does a channel exist) and stream-service (the Channel as
 * ingest needs it). {@link ChannelReferencesClient} is the same service's view for the owners of referenced
 * resources.
 */
@RegisterRestClient(configKey = "channel-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal")
public interface ChannelClient {

    /** 200 when the channel exists in the caller's account, else ResourceNotFoundException. */
    @GET
    @Path("resources")
    Uni<ResourceRef> exists(@QueryParam("arn") String channelArn);

    /**
     * The Channel JSON (AWS shape, no tags) in the given account, or ResourceNotFoundException. Raw, because
     * stream-service keeps it verbatim as the session's channel snapshot (GetStreamSession echoes it); read it
     * through {@link InternalChannel#of}. stream-service's PublishAuthorizer and PlaybackAccess still read the JsonNode
     * member by member: their switch to {@link InternalChannel} waits for the ingest/playback rework.
     */
    @GET
    @Path("channels")
    Uni<JsonNode> get(@QueryParam("arn") String arn, @HeaderParam(InternalHeaders.ACCOUNT_ID) String account);
}
