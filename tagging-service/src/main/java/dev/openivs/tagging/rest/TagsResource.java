package dev.openivs.tagging.rest;

import dev.openivs.tagging.model.ListTagsForResourceResponse;
import dev.openivs.tagging.model.TagResourceRequest;
import dev.openivs.tagging.service.TagService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/**
 * TagResource, UntagResource and ListTagsForResource: {@code /tags/{resourceArn}} with the ARN URL-encoded by the
 * SDK ({@code :} as %3A, {@code /} as %2F); the path template also accepts an unencoded ARN.
 */
@Path("/tags/{resourceArn: .+}")
@Produces(MediaType.APPLICATION_JSON)
public class TagsResource {
    private static final Map<String, Object> EMPTY = Map.of();
    private final TagService service;

    public TagsResource(TagService service) {
        this.service = service;
    }

    @GET
    public Uni<ListTagsForResourceResponse> listTagsForResource(@PathParam("resourceArn") String resourceArn) {
        return service.list(resourceArn).map(ListTagsForResourceResponse::new);
    }

    @POST
    @Consumes(MediaType.WILDCARD)
    public Uni<Map<String, Object>> tagResource(@PathParam("resourceArn") String resourceArn,
            TagResourceRequest request) {
        return service.tag(resourceArn, request == null ? null : request.tags()).replaceWith(EMPTY);
    }

    @DELETE
    public Uni<Map<String, Object>> untagResource(@PathParam("resourceArn") String resourceArn,
            @QueryParam("tagKeys") List<String> tagKeys) {
        return service.untag(resourceArn, tagKeys).replaceWith(EMPTY);
    }
}
