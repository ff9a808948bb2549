package dev.openivs.internal.streamkey;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
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

/**
 * streamkey-service's internal API (docs/internal-api.md): a channel's keys for channel-service, and whose key a
 * value is for stream-service's RTMP ingest. streamkey-service serves these records.
 */
@RegisterRestClient(configKey = "streamkey-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/stream-keys")
public interface StreamKeyClient {
    /** The body of {@link #create}: CreateChannel's key. */
    record NewStreamKey(String channelArn, Map<String, String> tags) {
    }

    /** The body of {@link #lookup}: the value an encoder presented. */
    record LookupRequest(String value) {
        @Override
        public String toString() {
            return "LookupRequest[value=<sensitive>]";
        }
    }

    /** The answer of {@link #lookup}: whose key the value is. */
    record StreamKeyLookup(String arn, String channelArn, String account) {
    }

    /** The channel's key, value included, created if it has none (idempotent per channel). */
    @POST
    Uni<StreamKey> create(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account, NewStreamKey request);

    /** Removes every key of the channel (idempotent). */
    @DELETE
    Uni<Void> deleteAll(@HeaderParam(InternalHeaders.ACCOUNT_ID) String account,
            @QueryParam("channelArn") String channelArn);

    /** 200 with the key's ARN, channel and account, or ResourceNotFoundException. */
    @POST
    @Path("/lookup")
    Uni<StreamKeyLookup> lookup(LookupRequest request);
}
