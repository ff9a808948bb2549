package dev.openivs.channel.rest;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.channel.model.AdConfigurationRequests;
import dev.openivs.channel.service.AdConfigurationService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Objects;

/** The five ad-configuration operations, {@code POST /<Operation>} as the gateway forwards them. */
@Path("/")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class AdConfigurationResource {
    private final AdConfigurationService service;

    public AdConfigurationResource(AdConfigurationService service) {
        this.service = service;
    }

    @POST
    @Path("CreateAdConfiguration")
    public Uni<AdConfigurationRequests.Single> create(@Valid AdConfigurationRequests.Create request) {
        return service.create(required(request, "mediaTailorPlaybackConfigurations"))
                .map(AdConfigurationRequests.Single::new);
    }

    @POST
    @Path("GetAdConfiguration")
    public Uni<AdConfigurationRequests.Single> get(@Valid AdConfigurationRequests.ArnOnly request) {
        return service.get(required(request, "arn").arn())
                .map(AdConfigurationRequests.Single::new);
    }

    @POST
    @Path("ListAdConfigurations")
    public Uni<AdConfigurationRequests.Page> list(@Valid AdConfigurationRequests.ListRequest request) {
        AdConfigurationRequests.ListRequest r =
                Objects.requireNonNullElse(request, AdConfigurationRequests.ListRequest.EMPTY);
        return service.list(r.nextToken(), r.maxResults());
    }

    @POST
    @Path("UpdateAdConfiguration")
    public Uni<AdConfigurationRequests.Single> update(@Valid AdConfigurationRequests.Update request) {
        return service.update(required(request, "arn"))
                .map(AdConfigurationRequests.Single::new);
    }

    @POST
    @Path("DeleteAdConfiguration")
    public Uni<Response> delete(@Valid AdConfigurationRequests.ArnOnly request) {
        return service.delete(required(request, "arn").arn())
                .map(v -> Response.noContent().build());
    }

    /** An empty body misses the operation's required member (validation of a null body never runs). */
    private static <T> T required(T request, String member) {
        if (request == null) {
            throw new ValidationException("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return request;
    }
}
