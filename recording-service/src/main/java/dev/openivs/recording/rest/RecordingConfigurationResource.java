package dev.openivs.recording.rest;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.recording.model.CreateRecordingConfigurationRequest;
import dev.openivs.recording.model.ListRecordingConfigurationsRequest;
import dev.openivs.recording.model.ListRecordingConfigurationsResponse;
import dev.openivs.recording.model.RecordingConfigurationArnRequest;
import dev.openivs.recording.model.RecordingConfigurationResponse;
import dev.openivs.recording.service.RecordingConfigurationService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** The four AWS recording-configuration operations ({@code POST /<Operation>}). */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class RecordingConfigurationResource {
    private final RecordingConfigurationService service;

    public RecordingConfigurationResource(RecordingConfigurationService service) {
        this.service = service;
    }

    @POST
    @Path("CreateRecordingConfiguration")
    public Uni<RecordingConfigurationResponse> create(@Valid CreateRecordingConfigurationRequest request) {
        if (request == null) {
            throw missing("destinationConfiguration");
        }
        return service.create(request).map(RecordingConfigurationResponse::new);
    }

    @POST
    @Path("GetRecordingConfiguration")
    public Uni<RecordingConfigurationResponse> get(@Valid RecordingConfigurationArnRequest request) {
        if (request == null) {
            throw missing("arn");
        }
        return service.get(request.arn()).map(RecordingConfigurationResponse::new);
    }

    @POST
    @Path("ListRecordingConfigurations")
    public Uni<ListRecordingConfigurationsResponse> list(@Valid ListRecordingConfigurationsRequest request) {
        return request == null ? service.list(null, null) : service.list(request.nextToken(), request.maxResults());
    }

    @POST
    @Path("DeleteRecordingConfiguration")
    public Uni<Response> delete(@Valid RecordingConfigurationArnRequest request) {
        if (request == null) {
            throw missing("arn");
        }
        return service.delete(request.arn()).replaceWith(Response.noContent().build());
    }

    static ValidationException missing(String member) {
        return new ValidationException("1 validation error detected: Value null at '" + member
                + "' failed to satisfy constraint: Member must not be null");
    }
}
