package dev.openivs.tagging.rest;

import dev.openivs.internal.tagging.TaggingClient.TagsQuery;
import dev.openivs.internal.tagging.TaggingClient.TagsQueryResult;
import dev.openivs.internal.tagging.TaggingClient.TagsSet;
import dev.openivs.tagging.service.TagService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Map;

/**
 * What the resource owners call (docs/internal-api.md, TaggingClient's records): read tags for responses, set them
 * at creation, drop them.
 */
@Path("/internal/tags")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class InternalTagsResource {
    private final TagService service;

    public InternalTagsResource(TagService service) {
        this.service = service;
    }

    @POST
    @Path("/query")
    public Uni<TagsQueryResult> query(TagsQuery request) {
        return service.query(request == null ? null : request.resourceArns()).map(TagsQueryResult::new);
    }

    @POST
    @Path("/set")
    public Uni<Map<String, Object>> set(TagsSet request) {
        return service.set(request == null ? null : request.resourceArn(), request == null ? null : request.tags())
                .replaceWith(Map.of());
    }

    @DELETE
    public Uni<Response> deleteAll(@QueryParam("resourceArn") String resourceArn) {
        if (resourceArn == null || resourceArn.isEmpty()) {
            throw new dev.openivs.aws.errors.ValidationException("resourceArn is required.");
        }
        return service.removeAll(resourceArn).replaceWith(Response.noContent().build());
    }
}
