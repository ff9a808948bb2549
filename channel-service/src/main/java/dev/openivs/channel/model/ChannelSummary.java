package dev.openivs.channel.model;

import java.util.Map;

/** The model's {@code ChannelSummary}: exactly the summary members. */
public record ChannelSummary(
        String arn,
        String name,
        String latencyMode,
        Boolean authorized,
        String recordingConfigurationArn,
        Map<String, String> tags,
        Boolean insecureIngest,
        String type,
        String preset,
        String playbackRestrictionPolicyArn,
        String adConfigurationArn) {
}
