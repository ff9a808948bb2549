package dev.openivs.tools.bench.baseline;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;

/**
 * The baseline of the API benchmark: {@code POST /GetChannel} reads the same JSON body the suite's GetChannel
 * gets and answers a channel-shaped JSON object of about the same size, with no authentication, no database and
 * no downstream call; it runs on the event loop, as the suite's reactive endpoints do. What the suite does on top
 * of this is what the benchmark's ratio measures.
 */
@Path("/")
public class BaselineResource {
    public record Request(String arn) {
    }

    public record Channel(String arn, String name, String latencyMode, String type, String recordingConfigurationArn,
            String ingestEndpoint, String playbackUrl, boolean authorized, boolean insecureIngest, String preset,
            String playbackRestrictionPolicyArn, Map<String, String> tags) {
    }

    public record Response(Channel channel) {
    }

    @POST
    @NonBlocking
    @Path("GetChannel")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response getChannel(Request request) {
        String arn = request == null || request.arn() == null ? "" : request.arn();
        String id = arn.substring(arn.lastIndexOf('/') + 1);
        return new Response(new Channel(arn, "baseline", "LOW", "STANDARD", "",
                "0123456789ab.global-contribute.live-video.net",
                "https://0123456789ab.us-west-2.playback.live-video.net/api/video/v1/us-west-2.123456789012.channel."
                        + id + ".m3u8",
                false, false, "", "", Map.of()));
    }
}
