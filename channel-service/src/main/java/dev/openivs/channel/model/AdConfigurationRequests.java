package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.AT_LEAST_1;
import static dev.openivs.aws.support.Constraints.AT_MOST_100;
import static dev.openivs.aws.support.Constraints.LENGTH_1_128;
import static dev.openivs.aws.support.Constraints.MAX_50_TAGS;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_1024;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_128;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_256;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;
import static dev.openivs.aws.support.Constraints.NOT_NULL;

import dev.openivs.aws.support.Constraints;
import dev.openivs.channel.model.AdConfigurationShapes.MediaTailorPlaybackConfiguration;
import dev.openivs.channel.model.AdConfigurationShapes.PostRollConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;

/** Inputs and outputs of the five ad-configuration operations (model 2026). */
public final class AdConfigurationRequests {
    private AdConfigurationRequests() {
    }

    public record Create(
            @ChannelMembers.Name String name,
            @NotNull(message = NOT_NULL) @Size(min = 1, max = 3, message = AdConfigurationShapes.LIST_1_3)
            List<@NotNull(message = NOT_NULL) @Valid MediaTailorPlaybackConfiguration> mediaTailorPlaybackConfigurations,
            @Valid PostRollConfiguration postRollConfiguration,
            @Size(max = 50, message = MAX_50_TAGS) Map<
                    @Size(min = 1, max = 128, message = LENGTH_1_128)
                    @Pattern(regexp = Constraints.TAG_KEY, message = MUST_MATCH + Constraints.TAG_KEY) String,
                    @NotNull(message = NOT_NULL) @Size(max = 256, message = MAX_LENGTH_256)
                    @Pattern(regexp = Constraints.TAG_VALUE, message = MUST_MATCH + Constraints.TAG_VALUE) String> tags) {
    }

    /** UpdateAdConfiguration: omitted members keep their value; no tags (TagResource). */
    public record Update(
            @NotNull(message = NOT_NULL) @Size(max = 128, message = MAX_LENGTH_128)
            @Pattern(regexp = Constraints.AD_CONFIGURATION_ARN, message = MUST_MATCH + Constraints.AD_CONFIGURATION_ARN)
            String arn,
            @ChannelMembers.Name String name,
            @Size(min = 1, max = 3, message = AdConfigurationShapes.LIST_1_3)
            List<@NotNull(message = NOT_NULL) @Valid MediaTailorPlaybackConfiguration> mediaTailorPlaybackConfigurations,
            @Valid PostRollConfiguration postRollConfiguration) {
    }

    /** GetAdConfiguration and DeleteAdConfiguration. */
    public record ArnOnly(
            @NotNull(message = NOT_NULL) @Size(max = 128, message = MAX_LENGTH_128)
            @Pattern(regexp = Constraints.AD_CONFIGURATION_ARN, message = MUST_MATCH + Constraints.AD_CONFIGURATION_ARN)
            String arn) {
    }

    public record ListRequest(
            @Size(max = 1024, message = MAX_LENGTH_1024)
            @Pattern(regexp = Constraints.PAGINATION_TOKEN, message = MUST_MATCH + Constraints.PAGINATION_TOKEN)
            String nextToken,
            @Min(value = 1, message = AT_LEAST_1) @Max(value = 100, message = AT_MOST_100) Integer maxResults) {
        public static final ListRequest EMPTY = new ListRequest(null, null);
    }

    /** Create/Get/UpdateAdConfiguration's output. */
    public record Single(AdConfiguration adConfiguration) {
    }

    /** ListAdConfigurations' output (AdConfigurationSummary has the members of AdConfiguration). */
    public record Page(List<AdConfiguration> adConfigurations, String nextToken) {
    }
}
