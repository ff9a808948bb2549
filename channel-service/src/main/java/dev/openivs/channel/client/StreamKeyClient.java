package dev.openivs.channel.client;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
import dev.openivs.channel.model.StreamKey;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Map;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** streamkey-service's internal endpoints for a channel's keys (INTERNAL-API.md). */
@RegisterRestClient(configKey = "streamkey-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/stream-keys")
public interface StreamKeyClient {
    record NewStreamKey(String channelArn, Map<String, String> tags) {
    }

    /** The channel's key, created if it has none (idempotent per channel). */
    @POST
    Uni<StreamKey> create(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account, NewStreamKey request);

    /** Removes every key of the channel (idempotent). */
    @DELETE
    Uni<Void> deleteAll(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account,
            @QueryParam("channelArn") String channelArn);
}
