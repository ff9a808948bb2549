package dev.openivs.channel.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** recording-service: a recording configuration of the caller's account, or ResourceNotFoundException. */
@RegisterRestClient(configKey = "recording-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/recording-configurations")
public interface RecordingClient {
    @GET
    Uni<JsonNode> get(@QueryParam("arn") String arn);
}
