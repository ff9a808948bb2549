package dev.openivs.playbackauth.rest;

import dev.openivs.playbackauth.model.BatchStartViewerSessionRevocationRequest;
import dev.openivs.playbackauth.model.BatchStartViewerSessionRevocationResponse;
import dev.openivs.playbackauth.model.StartViewerSessionRevocationRequest;
import dev.openivs.playbackauth.service.ViewerRevocationService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** StartViewerSessionRevocation and BatchStartViewerSessionRevocation. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class ViewerRevocationResource {
    private final ViewerRevocationService service;

    public ViewerRevocationResource(ViewerRevocationService service) {
        this.service = service;
    }

    @POST
    @Path("StartViewerSessionRevocation")
    public Uni<Map<String, Object>> start(@Valid StartViewerSessionRevocationRequest request) {
        StartViewerSessionRevocationRequest r = Requests.required(request, "channelArn");
        return service.start(r.channelArn(), r.viewerId(), r.viewerSessionVersionsLessThanOrEqualTo())
                .replaceWith(Map.of());
    }

    @POST
    @Path("BatchStartViewerSessionRevocation")
    public Uni<BatchStartViewerSessionRevocationResponse> startBatch(
            @Valid BatchStartViewerSessionRevocationRequest request) {
        return service.startBatch(Requests.required(request, "viewerSessions").viewerSessions())
                .map(BatchStartViewerSessionRevocationResponse::new);
    }
}
