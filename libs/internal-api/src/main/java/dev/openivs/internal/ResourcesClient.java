package dev.openivs.internal;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;

/**
 * The existence check every resource owner serves (docs/internal-api.md), built per owner by tagging-service: 200
 * {@link ResourceRef} when the resource exists in the caller's account, else ResourceNotFoundException.
 */
@Path("/internal/resources")
public interface ResourcesClient {
    @GET
    Uni<ResourceRef> get(@QueryParam("arn") String arn);
}
