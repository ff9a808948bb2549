package dev.openivs.stream.rest;

import dev.openivs.internal.stream.PeerClient;
import dev.openivs.internal.stream.StreamClient.Live;
import dev.openivs.stream.service.StreamService;
import io.smallrye.mutiny.Uni;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * Internal API (docs/internal-api.md): liveness for channel-service (StreamClient), and the replica-to-replica
 * StopStream/PutMetadata/InsertAdBreak hops (PeerClient).
 */
@Path("/internal/streams")
@Produces(MediaType.APPLICATION_JSON)
public class InternalStreamResource {
    private final StreamService streams;

    public InternalStreamResource(StreamService streams) {
        this.streams = streams;
    }

    /** {@code {"live": true|false}}: whether the channel has a live session (DeleteChannel asks). */
    @GET
    @Path("/live")
    public Uni<Live> live(@QueryParam("channelArn") @NotNull String channelArn) {
        return streams.isLive(channelArn).map(Live::new);
    }

    @POST
    @Path("/stop")
    public Uni<Response> stop(@QueryParam("channelArn") @NotNull String channelArn) {
        return streams.stopHeld(channelArn).replaceWith(() -> Response.noContent().build());
    }

    @POST
    @Path("/metadata")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response metadata(@QueryParam("channelArn") @NotNull String channelArn,
            @NotNull PeerClient.MetadataForward body) {
        streams.putHeldMetadata(channelArn, body.metadata());
        return Response.noContent().build();
    }

    @POST
    @Path("/ad-breaks")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response adBreak(@QueryParam("channelArn") @NotNull String channelArn,
            @NotNull PeerClient.AdBreakForward body) {
        streams.insertHeldAdBreak(channelArn, body.adBreakId(), body.durationSeconds());
        return Response.noContent().build();
    }
}
