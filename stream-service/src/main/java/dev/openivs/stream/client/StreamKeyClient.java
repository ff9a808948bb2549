package dev.openivs.stream.client;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** streamkey-service's internal API: which channel a stream key value belongs to. */
@RegisterRestClient(configKey = "streamkey-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/stream-keys")
public interface StreamKeyClient {

    /** 200 with the key's ARN, channel and account, or ResourceNotFoundException. */
    @POST
    @Path("/lookup")
    Uni<StreamKeyLookup> lookup(LookupRequest request);

    record LookupRequest(String value) {
        @Override
        public String toString() {
            return "LookupRequest[value=<sensitive>]";
        }
    }

    record StreamKeyLookup(String arn, String channelArn, String account) {
    }
}
