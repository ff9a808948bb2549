package dev.openivs.streamkey.client;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.streamkey.model.ResourceRef;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** channel-service: does a channel exist in the caller's account (404 ResourceNotFoundException otherwise)? */
@RegisterRestClient(configKey = "channel-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/resources")
public interface ChannelClient {
    @GET
    Uni<ResourceRef> exists(@QueryParam("arn") String channelArn);
}
