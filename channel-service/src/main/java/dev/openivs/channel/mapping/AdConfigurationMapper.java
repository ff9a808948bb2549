package dev.openivs.channel.mapping;

import dev.openivs.channel.model.AdConfiguration;
import dev.openivs.channel.model.AdConfigurationShapes.MediaTailorPlaybackConfiguration;
import dev.openivs.channel.model.AdConfigurationShapes.PostRollConfiguration;
import dev.openivs.channel.repository.AdConfigurationEntity;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** Entity to the AdConfiguration shape (the summary has the same members); the tags come from tagging-service. */
public final class AdConfigurationMapper {
    private AdConfigurationMapper() {
    }

    public static AdConfiguration toWire(AdConfigurationEntity e, Map<String, String> tags) {
        List<MediaTailorPlaybackConfiguration> configurations = Arrays.stream(e.playbackConfigurationArns.split(","))
                .map(MediaTailorPlaybackConfiguration::new).toList();
        return new AdConfiguration(e.arn, e.name, configurations,
                new PostRollConfiguration(e.postRollDurationSeconds, e.postRollEnabled), tags);
    }

    public static String join(List<MediaTailorPlaybackConfiguration> configurations) {
        return String.join(",", configurations.stream().map(MediaTailorPlaybackConfiguration::playbackConfigurationArn)
                .toList());
    }
}
