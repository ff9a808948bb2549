package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.MUST_BE_ONE_OF;

import jakarta.validation.constraints.Pattern;

/** The model's {@code MultitrackInputConfiguration}. */
public record MultitrackInputConfiguration(
        Boolean enabled,
        @Pattern(regexp = ChannelShapes.MULTITRACK_POLICIES,
                message = MUST_BE_ONE_OF + ChannelShapes.MULTITRACK_POLICIES_TEXT) String policy,
        @Pattern(regexp = ChannelShapes.RESOLUTIONS,
                message = MUST_BE_ONE_OF + ChannelShapes.RESOLUTIONS_TEXT) String maximumResolution) {
}
