package dev.openivs.channel.service;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Arn;
import dev.openivs.internal.playbackauth.PlaybackAuthClient;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.internal.stream.StreamClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * What channel-service asks its neighbours synchronously: do referenced configurations exist (never stale), and is a
 * channel live.
 */
@ApplicationScoped
public class ChannelNeighbours {
    private static final Logger LOG = Logger.getLogger(ChannelNeighbours.class);

    private final RecordingClient recording;
    private final PlaybackAuthClient playbackAuth;
    private final StreamClient streams;

    public ChannelNeighbours(@RestClient RecordingClient recording, @RestClient PlaybackAuthClient playbackAuth,
            @RestClient StreamClient streams) {
        this.recording = recording;
        this.playbackAuth = playbackAuth;
        this.streams = streams;
    }

    /**
     * Refuses references (given and non-empty) to configurations that do not exist in the caller's account with
     * ResourceNotFoundException. Ad configurations are channel-service's own: {@link AdConfigurationService}
     * checks them inside the channel's transaction.
     */
    public Uni<Void> checkReferences(ChannelSettings s, String region, String account) {
        Uni<Void> checks = Uni.createFrom().voidItem();
        if (isSet(s.recordingConfigurationArn())) {
            String arn = s.recordingConfigurationArn();
            checks = checks.chain(() -> owned(arn, region, account)
                    ? recording.get(arn).replaceWithVoid() : notFound("Recording configuration", arn));
        }
        if (isSet(s.playbackRestrictionPolicyArn())) {
            String arn = s.playbackRestrictionPolicyArn();
            checks = checks.chain(() -> owned(arn, region, account)
                    ? playbackAuth.get(arn).replaceWithVoid() : notFound("Playback restriction policy", arn));
        }
        return checks;
    }

    /**
     * Whether the channel is live now. A stream-service that cannot answer (down, or not serving the endpoint yet)
     * counts as "not live", logged, so channels stay manageable without it.
     */
    public Uni<Boolean> isLive(String channelArn) {
        return streams.live(channelArn).map(StreamClient.Live::live).onFailure().recoverWithItem(e -> {
            LOG.warnf("Could not ask stream-service whether %s is live, assuming not: %s", channelArn, e.toString());
            return false;
        });
    }

    private static boolean owned(String arn, String region, String account) {
        return Arn.parse(arn).map(a -> a.ownedBy(region, account)).orElse(false);
    }

    private static Uni<Void> notFound(String what, String arn) {
        return Uni.createFrom().failure(new ResourceNotFoundException(what + " " + arn + " does not exist."));
    }

    private static boolean isSet(String arn) {
        return arn != null && !arn.isEmpty();
    }
}
