package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** UpdateChannel input: omitted members keep their value; an empty ARN clears the association. No tags. */
public record UpdateChannelRequest(
        @NotNull(message = NOT_NULL) @Size(min = 1, max = 128, message = LENGTH_1_128)
        @Pattern(regexp = Constraints.CHANNEL_ARN, message = MUST_MATCH + Constraints.CHANNEL_ARN) String arn,
        @ChannelMembers.Name String name,
        @ChannelMembers.LatencyMode String latencyMode,
        @ChannelMembers.Type String type,
        Boolean authorized,
        @ChannelMembers.RecordingConfigurationArn String recordingConfigurationArn,
        Boolean insecureIngest,
        @ChannelMembers.Preset String preset,
        @ChannelMembers.PlaybackRestrictionPolicyArn String playbackRestrictionPolicyArn,
        @Valid MultitrackInputConfiguration multitrackInputConfiguration,
        @ChannelMembers.ContainerFormat String containerFormat,
        @ChannelMembers.AdConfigurationArn String adConfigurationArn) {

    public static final UpdateChannelRequest EMPTY =
            new UpdateChannelRequest(null, null, null, null, null, null, null, null, null, null, null, null);
}
