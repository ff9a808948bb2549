package dev.openivs.channel.model;

import static dev.openivs.aws.support.Constraints.AT_LEAST_1;
import static dev.openivs.aws.support.Constraints.AT_MOST_100;
import static dev.openivs.aws.support.Constraints.MAX_LENGTH_1024;
import static dev.openivs.aws.support.Constraints.MUST_MATCH;

import dev.openivs.aws.support.Constraints;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** ListChannels input: at most one filter; maxResults 1..100, default 100. */
public record ListChannelsRequest(
        @ChannelMembers.Name String filterByName,
        @ChannelMembers.RecordingConfigurationArn String filterByRecordingConfigurationArn,
        @ChannelMembers.PlaybackRestrictionPolicyArn String filterByPlaybackRestrictionPolicyArn,
        @ChannelMembers.AdConfigurationArn String filterByAdConfigurationArn,
        @Size(max = 1024, message = MAX_LENGTH_1024)
        @Pattern(regexp = Constraints.PAGINATION_TOKEN, message = MUST_MATCH + Constraints.PAGINATION_TOKEN)
        String nextToken,
        @Min(value = 1, message = AT_LEAST_1) @Max(value = 100, message = AT_MOST_100) Integer maxResults) {

    public static final ListChannelsRequest EMPTY = new ListChannelsRequest(null, null, null, null, null, null);
}
