package dev.openivs.internal.stream;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** stream-service's internal API for channel-service (docs/internal-api.md): is a channel live? */
@RegisterRestClient(configKey = "stream-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/streams")
public interface StreamClient {
    /** {@code {"live": true|false}}: whether the channel has a live session. */
    record Live(boolean live) {
    }

    @GET
    @Path("/live")
    Uni<Live> live(@QueryParam("channelArn") String channelArn);
}
