package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.AT_LEAST_1;
import static dev.openivs.aws.support.Constraints.AT_MOST_300;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_128;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** The ad-configuration members of the model (2026), shared by the requests and the answers. */
public final class AdConfigurationShapes {
    public static final String MEDIA_TAILOR_PLAYBACK_CONFIGURATION_ARN =
            "arn:aws:mediatailor:[a-z0-9-]+:[0-9]+:playbackConfiguration/[a-zA-Z0-9-]+";
    public static final String LIST_1_3 = "Member must have length between 1 and 3";
    /** PostRollConfiguration's documented default: disabled, 15 seconds. */
    public static final PostRollConfiguration DEFAULT_POST_ROLL = new PostRollConfiguration(15, false);

    private AdConfigurationShapes() {
    }

    /**
     * One MediaTailor integration. The model leaves the member optional, but a configuration without it names
     * nothing, so this suite requires it.
     */
    public record MediaTailorPlaybackConfiguration(
            @NotNull(message = NOT_NULL) @Size(max = 128, message = MAX_LENGTH_128)
            @Pattern(regexp = MEDIA_TAILOR_PLAYBACK_CONFIGURATION_ARN,
                    message = MUST_MATCH + MEDIA_TAILOR_PLAYBACK_CONFIGURATION_ARN)
            String playbackConfigurationArn) {
    }

    /** The post-roll ad break: both members required; durationSeconds 1..300. */
    public record PostRollConfiguration(
            @NotNull(message = NOT_NULL) @Min(value = 1, message = AT_LEAST_1)
            @Max(value = 300, message = AT_MOST_300) Integer durationSeconds,
            @NotNull(message = NOT_NULL) Boolean enabled) {
    }
}
