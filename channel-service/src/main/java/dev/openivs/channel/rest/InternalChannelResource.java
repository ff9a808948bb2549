package dev.openivs.channel.rest;

import dev.openivs.channel.model.Channel;
import dev.openivs.channel.service.InternalChannelService;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.channel.ChannelReferencesClient.ReferenceCount;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

/** Service-to-service endpoints (docs/internal-api.md; callers use ChannelClient and ChannelReferencesClient);
 * reachable only with the internal token. */
@Path("/internal")
@Produces(MediaType.APPLICATION_JSON)
public class InternalChannelResource {
    private final InternalChannelService service;

    public InternalChannelResource(InternalChannelService service) {
        this.service = service;
    }

    /** 200 {@code {"arn"}} when the channel or ad configuration exists in the caller's account, else 404. */
    @GET
    @Path("resources")
    public Uni<ResourceRef> resource(@QueryParam("arn") String arn) {
        return service.exists(arn);
    }

    /** The channel (no tags, no stream key), for ingest and streamkey-service. */
    @GET
    @Path("channels")
    public Uni<Channel> channel(@QueryParam("arn") String arn) {
        return service.channel(arn);
    }

    /** How many channels of the caller's account reference a recording configuration or playback policy. */
    @GET
    @Path("channels/references")
    public Uni<ReferenceCount> references(@QueryParam("recordingConfigurationArn") String recordingConfigurationArn,
            @QueryParam("playbackRestrictionPolicyArn") String playbackRestrictionPolicyArn) {
        return service.references(recordingConfigurationArn, playbackRestrictionPolicyArn);
    }
}
