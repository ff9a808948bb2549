package dev.openivs.internal.channel;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterClientHeaders;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/**
 * What the owners of referenced resources (recording-, playback-auth-service) ask channel-service
 * (docs/internal-api.md): does a channel exist in the caller's account, and how many channels reference a recording
 * configuration or playback restriction policy. channel-service serves {@link ReferenceCount}.
 */
@RegisterRestClient(configKey = "channel-service")
@RegisterClientHeaders(InternalClientHeaders.class)
@RegisterProvider(AwsErrorResponseMapper.class)
public interface ChannelReferencesClient {
    /** 200 when the channel exists in the caller's account, else ResourceNotFoundException. */
    @GET
    @Path("/internal/resources")
    Uni<ResourceRef> channel(@QueryParam("arn") String channelArn);

    @GET
    @Path("/internal/channels/references")
    Uni<ReferenceCount> referencesToRecordingConfiguration(
            @QueryParam("recordingConfigurationArn") String recordingConfigurationArn);

    @GET
    @Path("/internal/channels/references")
    Uni<ReferenceCount> referencesToPlaybackRestrictionPolicy(
            @QueryParam("playbackRestrictionPolicyArn") String playbackRestrictionPolicyArn);

    record ResourceRef(String arn) {
    }

    record ReferenceCount(long count) {
    }
}
