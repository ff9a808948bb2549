package dev.openivs.tagging.service;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import java.util.Map;

/** The existence check every resource owner serves (INTERNAL-API.md): 200 when it exists in the caller's account. */
@Path("/internal/resources")
public interface OwnerResourcesApi {
    @GET
    Uni<Map<String, Object>> get(@QueryParam("arn") String arn);
}
