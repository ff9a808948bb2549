package dev.openivs.playbackauth.rest;

import dev.openivs.playbackauth.model.ImportPlaybackKeyPairRequest;
import dev.openivs.playbackauth.model.ListPlaybackKeyPairsRequest;
import dev.openivs.playbackauth.model.ListPlaybackKeyPairsResponse;
import dev.openivs.playbackauth.model.PlaybackKeyPairArnRequest;
import dev.openivs.playbackauth.model.PlaybackKeyPairResponse;
import dev.openivs.playbackauth.service.PlaybackKeyPairService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/** Import/Get/List/DeletePlaybackKeyPair. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PlaybackKeyPairResource {
    private final PlaybackKeyPairService service;

    public PlaybackKeyPairResource(PlaybackKeyPairService service) {
        this.service = service;
    }

    @POST
    @Path("ImportPlaybackKeyPair")
    public Uni<PlaybackKeyPairResponse> importKeyPair(@Valid ImportPlaybackKeyPairRequest request) {
        return service.importKeyPair(Requests.required(request, "publicKeyMaterial"))
                .map(PlaybackKeyPairResponse::new);
    }

    @POST
    @Path("GetPlaybackKeyPair")
    public Uni<PlaybackKeyPairResponse> get(@Valid PlaybackKeyPairArnRequest request) {
        return service.get(Requests.required(request, "arn").arn()).map(PlaybackKeyPairResponse::new);
    }

    @POST
    @Path("ListPlaybackKeyPairs")
    public Uni<ListPlaybackKeyPairsResponse> list(@Valid ListPlaybackKeyPairsRequest request) {
        return request == null ? service.list(null, null) : service.list(request.nextToken(), request.maxResults());
    }

    @POST
    @Path("DeletePlaybackKeyPair")
    public Uni<Map<String, Object>> delete(@Valid PlaybackKeyPairArnRequest request) {
        return service.delete(Requests.required(request, "arn").arn()).replaceWith(Map.of());
    }
}
