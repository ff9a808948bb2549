package dev.openivs.recording.rest;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.internal.ResourceRef;
import dev.openivs.recording.model.RecordingConfiguration;
import dev.openivs.recording.service.InternalRecordingService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/**
 * Internal API (docs/internal-api.md): existence check (ResourcesClient) and the full configuration for channel- and
 * stream-service (RecordingClient).
 */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalRecordingResource {
    private final InternalRecordingService service;

    public InternalRecordingResource(InternalRecordingService service) {
        this.service = service;
    }

    @GET
    @Path("resources")
    public Uni<ResourceRef> exists(@QueryParam("arn") String arn) {
        return service.exists(required(arn));
    }

    @GET
    @Path("recording-configurations")
    public Uni<RecordingConfiguration> get(@QueryParam("arn") String arn) {
        return service.get(required(arn));
    }

    private static String required(String arn) {
        if (arn == null || arn.isEmpty()) {
            throw new ValidationException("Query parameter 'arn' is required.");
        }
        return arn;
    }
}
