package dev.openivs.playbackauth.rest;

import dev.openivs.playbackauth.model.CreatePlaybackRestrictionPolicyRequest;
import dev.openivs.playbackauth.model.ListPlaybackRestrictionPoliciesRequest;
import dev.openivs.playbackauth.model.ListPlaybackRestrictionPoliciesResponse;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicyArnRequest;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicyResponse;
import dev.openivs.playbackauth.model.UpdatePlaybackRestrictionPolicyRequest;
import dev.openivs.playbackauth.service.PlaybackRestrictionPolicyService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Create/Get/List/Update/DeletePlaybackRestrictionPolicy. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.WILDCARD)
public class PlaybackRestrictionPolicyResource {
    private final PlaybackRestrictionPolicyService service;

    public PlaybackRestrictionPolicyResource(PlaybackRestrictionPolicyService service) {
        this.service = service;
    }

    @POST
    @Path("CreatePlaybackRestrictionPolicy")
    public Uni<PlaybackRestrictionPolicyResponse> create(@Valid CreatePlaybackRestrictionPolicyRequest request) {
        CreatePlaybackRestrictionPolicyRequest r = request != null ? request
                : new CreatePlaybackRestrictionPolicyRequest(null, null, null, null, null);
        return service.create(r).map(PlaybackRestrictionPolicyResponse::new);
    }

    @POST
    @Path("GetPlaybackRestrictionPolicy")
    public Uni<PlaybackRestrictionPolicyResponse> get(@Valid PlaybackRestrictionPolicyArnRequest request) {
        return service.get(Requests.required(request, "arn").arn()).map(PlaybackRestrictionPolicyResponse::new);
    }

    @POST
    @Path("ListPlaybackRestrictionPolicies")
    public Uni<ListPlaybackRestrictionPoliciesResponse> list(@Valid ListPlaybackRestrictionPoliciesRequest request) {
        return request == null ? service.list(null, null) : service.list(request.nextToken(), request.maxResults());
    }

    @POST
    @Path("UpdatePlaybackRestrictionPolicy")
    public Uni<PlaybackRestrictionPolicyResponse> update(@Valid UpdatePlaybackRestrictionPolicyRequest request) {
        return service.update(Requests.required(request, "arn")).map(PlaybackRestrictionPolicyResponse::new);
    }

    @POST
    @Path("DeletePlaybackRestrictionPolicy")
    public Uni<Response> delete(@Valid PlaybackRestrictionPolicyArnRequest request) {
        return service.delete(Requests.required(request, "arn").arn()).replaceWith(Response.noContent().build());
    }
}
