package dev.openivs.channel.model;

import java.util.Map;

/** The model's {@code Channel}: every member, unset ARNs as {@code ""}. */
public record Channel(
        String arn,
        String name,
        String latencyMode,
        String type,
        String recordingConfigurationArn,
        String ingestEndpoint,
        String playbackUrl,
        Boolean authorized,
        Map<String, String> tags,
        Boolean insecureIngest,
        String preset,
        Srt srt,
        String playbackRestrictionPolicyArn,
        MultitrackInputConfiguration multitrackInputConfiguration,
        String containerFormat,
        String adConfigurationArn) {

    public Channel withTags(Map<String, String> newTags) {
        return new Channel(arn, name, latencyMode, type, recordingConfigurationArn, ingestEndpoint, playbackUrl,
                authorized, newTags, insecureIngest, preset, srt, playbackRestrictionPolicyArn,
                multitrackInputConfiguration, containerFormat, adConfigurationArn);
    }
}
