package dev.openivs.internal.channel;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.internal.InternalJson;

/**
 * The members of {@code GET /internal/channels} (the AWS Channel shape) that callers read: stream-service at
 * publish (the SRT passphrase at the SRT handshake) and at playback. Unset ARNs are {@code ""}; the other members
 * of the answer are not read.
 */
public record InternalChannel(String arn, String name, String latencyMode, String type, Boolean authorized,
        Boolean insecureIngest, String recordingConfigurationArn, String playbackRestrictionPolicyArn,
        String playbackUrl, Srt srt) {

    /** The channel's SRT ingest: {@code srt://{endpoint}:9000?streamid={streamKey}&passphrase={passphrase}}. */
    public record Srt(String endpoint, String passphrase) {
    }

    /** The typed view of a {@link ChannelClient#get} answer; a member of the wrong JSON type is refused. */
    public static InternalChannel of(JsonNode channel) {
        return InternalJson.read(channel, InternalChannel.class);
    }
}
