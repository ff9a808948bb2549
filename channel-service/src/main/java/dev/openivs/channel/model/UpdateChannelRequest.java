package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_128;
import static dev.openivs.aws.support.Constraints.MUST_BE_ONE_OF;
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
        @Size(max = 128, message = MAX_LENGTH_128)
        @Pattern(regexp = Constraints.NAME, message = MUST_MATCH + Constraints.NAME) String name,
        @Pattern(regexp = ChannelShapes.LATENCY_MODES,
                message = MUST_BE_ONE_OF + ChannelShapes.LATENCY_MODES_TEXT) String latencyMode,
        @Pattern(regexp = ChannelShapes.TYPES, message = MUST_BE_ONE_OF + ChannelShapes.TYPES_TEXT) String type,
        Boolean authorized,
        @Size(max = 128, message = MAX_LENGTH_128)
        @Pattern(regexp = Constraints.CHANNEL_RECORDING_CONFIGURATION_ARN,
                message = MUST_MATCH + Constraints.CHANNEL_RECORDING_CONFIGURATION_ARN) String recordingConfigurationArn,
        Boolean insecureIngest,
        @Pattern(regexp = ChannelShapes.PRESETS, message = MUST_BE_ONE_OF + ChannelShapes.PRESETS_TEXT) String preset,
        @Size(max = 128, message = MAX_LENGTH_128)
        @Pattern(regexp = Constraints.CHANNEL_PLAYBACK_RESTRICTION_POLICY_ARN,
                message = MUST_MATCH + Constraints.CHANNEL_PLAYBACK_RESTRICTION_POLICY_ARN)
        String playbackRestrictionPolicyArn,
        @Valid MultitrackInputConfiguration multitrackInputConfiguration,
        @Pattern(regexp = ChannelShapes.CONTAINER_FORMATS,
                message = MUST_BE_ONE_OF + ChannelShapes.CONTAINER_FORMATS_TEXT) String containerFormat,
        @Size(max = 128, message = MAX_LENGTH_128)
        @Pattern(regexp = Constraints.CHANNEL_AD_CONFIGURATION_ARN,
                message = MUST_MATCH + Constraints.CHANNEL_AD_CONFIGURATION_ARN) String adConfigurationArn) {

    public static final UpdateChannelRequest EMPTY =
            new UpdateChannelRequest(null, null, null, null, null, null, null, null, null, null, null, null);
}
