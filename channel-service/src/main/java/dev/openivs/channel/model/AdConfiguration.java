package dev.openivs.channel.model;

import dev.openivs.channel.model.AdConfigurationShapes.MediaTailorPlaybackConfiguration;
import dev.openivs.channel.model.AdConfigurationShapes.PostRollConfiguration;
import java.util.List;
import java.util.Map;

/** The AdConfiguration shape (AdConfigurationSummary has the same members). */
public record AdConfiguration(String arn, String name,
        List<MediaTailorPlaybackConfiguration> mediaTailorPlaybackConfigurations,
        PostRollConfiguration postRollConfiguration, Map<String, String> tags) {

    public AdConfiguration withTags(Map<String, String> newTags) {
        return new AdConfiguration(arn, name, mediaTailorPlaybackConfigurations, postRollConfiguration, newTags);
    }
}
