package dev.openivs.internal.recording;

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

/**
 * recording-service's internal API (docs/internal-api.md): a recording configuration (AWS shape, as JSON) of an
 * account, or ResourceNotFoundException. Used by channel-service (does a referenced configuration exist) and
 * stream-service (the configuration of a new stream session, kept verbatim as the session's snapshot; the members
 * it reads are {@link InternalRecordingConfiguration}, pinned by recording-service's InternalContractTest).
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
