package dev.openivs.internal.stream;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;

/**
 * Another stream-service replica's internal API (docs/internal-api.md), built per call for the replica that holds a
 * session (its advertised URL is on the session row): StopStream, PutMetadata and InsertAdBreak reach the encoder's
 * connection there.
 */
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
@Path("/internal/streams")
public interface PeerClient {
    @POST
    @Path("/stop")
    Uni<Void> stop(@QueryParam("channelArn") String channelArn);

    @POST
    @Path("/metadata")
    Uni<Void> metadata(@QueryParam("channelArn") String channelArn, MetadataForward body);

    @POST
    @Path("/ad-breaks")
    Uni<Void> adBreak(@QueryParam("channelArn") String channelArn, AdBreakForward body);

    /** An accepted InsertAdBreak: the answered adBreakId and the duration (1..300 s). */
    record AdBreakForward(String adBreakId, int durationSeconds) {
    }

    record MetadataForward(String metadata) {
        @Override
        public String toString() {
            return "MetadataForward[<sensitive>]";
        }
    }
}
