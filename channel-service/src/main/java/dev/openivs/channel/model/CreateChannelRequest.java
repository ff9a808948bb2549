package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MAX_50_TAGS;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_256;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/** CreateChannel input; every member optional. */
public record CreateChannelRequest(
        @ChannelMembers.Name String name,
        @ChannelMembers.LatencyMode String latencyMode,
        @ChannelMembers.Type String type,
        Boolean authorized,
        @ChannelMembers.RecordingConfigurationArn String recordingConfigurationArn,
        @Size(max = 50, message = MAX_50_TAGS) Map<
                @Size(min = 1, max = 128, message = LENGTH_1_128)
                @Pattern(regexp = Constraints.TAG_KEY, message = MUST_MATCH + Constraints.TAG_KEY) String,
                @NotNull(message = NOT_NULL) @Size(max = 256, message = MAX_LENGTH_256)
                @Pattern(regexp = Constraints.TAG_VALUE, message = MUST_MATCH + Constraints.TAG_VALUE) String> tags,
        Boolean insecureIngest,
        @ChannelMembers.Preset String preset,
        @ChannelMembers.PlaybackRestrictionPolicyArn String playbackRestrictionPolicyArn,
        @Valid MultitrackInputConfiguration multitrackInputConfiguration,
        @ChannelMembers.ContainerFormat String containerFormat,
        @ChannelMembers.AdConfigurationArn String adConfigurationArn) {

    public static final CreateChannelRequest EMPTY =
            new CreateChannelRequest(null, null, null, null, null, null, null, null, null, null, null, null);
}
