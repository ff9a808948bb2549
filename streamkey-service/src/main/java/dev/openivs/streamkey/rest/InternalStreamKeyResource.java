package dev.openivs.streamkey.rest;

import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient.LookupRequest;
import dev.openivs.internal.streamkey.StreamKeyClient.NewStreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient.StreamKeyLookup;
import dev.openivs.streamkey.service.InternalStreamKeyService;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Service-to-service endpoints (docs/internal-api.md; the records are StreamKeyClient's); internal token only. */
@Path("/internal")
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class InternalStreamKeyResource {
    private final InternalStreamKeyService service;

    public InternalStreamKeyResource(InternalStreamKeyService service) {
        this.service = service;
    }

    /** 200 {@code {"arn"}} when the key exists in the caller's account, else 404. */
    @GET
    @Path("resources")
    public Uni<ResourceRef> resource(@QueryParam("arn") String arn) {
        return service.exists(arn);
    }

    /** The channel's key (with its value), created when it has none. Idempotent per channel. */
    @POST
    @Path("stream-keys")
    public Uni<StreamKey> keyOf(NewStreamKey request) {
        return service.keyOf(request);
    }

    /** Removes every key of the channel; 204 also when it had none. */
    @DELETE
    @Path("stream-keys")
    public Uni<Response> deleteAll(@QueryParam("channelArn") String channelArn) {
        return service.deleteAllOfChannel(channelArn).map(v -> Response.noContent().build());
    }

    /** Whose key a value is (RTMP ingest at publish), or 404. */
    @POST
    @Path("stream-keys/lookup")
    public Uni<StreamKeyLookup> lookup(LookupRequest request) {
        return service.lookup(request == null ? null : request.value());
    }
}
