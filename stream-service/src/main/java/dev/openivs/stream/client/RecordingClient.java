package dev.openivs.stream.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.rest.InternalHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** recording-service's internal API: the recording configuration snapshot of a new session. */
@RegisterRestClient(configKey = "recording-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/recording-configurations")
public interface RecordingClient {

    @GET
    Uni<JsonNode> get(@QueryParam("arn") String arn, @HeaderParam(InternalHeaders.ACCOUNT_ID) String account);
}
