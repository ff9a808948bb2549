package dev.openivs.aws.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.rest.InternalHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * recording-service's internal API: a recording configuration (its snapshot as JSON) of an account, or
 * ResourceNotFoundException. Used by channel-service (references of a channel) and stream-service (the
 * configuration of a new stream session).
 */
@RegisterRestClient(configKey = "recording-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/recording-configurations")
public interface RecordingClient {

    /** In the account of the API request being served. */
    @GET
    Uni<JsonNode> get(@QueryParam("arn") String arn);

    /** In the given account (work that is not an API request, e.g. ingest). */
    @GET
    Uni<JsonNode> get(@QueryParam("arn") String arn, @HeaderParam(InternalHeaders.ACCOUNT_ID) String account);
}
