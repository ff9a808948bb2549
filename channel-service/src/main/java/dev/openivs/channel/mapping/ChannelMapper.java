package dev.openivs.channel.mapping;

import dev.openivs.aws.IvsConfig;
import dev.openivs.channel.config.ChannelConfig;
import dev.openivs.channel.model.Channel;
import dev.openivs.channel.model.ChannelSummary;
import dev.openivs.channel.model.MultitrackInputConfiguration;
import dev.openivs.channel.model.Srt;
import dev.openivs.channel.repository.ChannelEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;

/** Entity to wire shapes. Endpoints and URLs are derived from configuration, so they follow a host change. */
@ApplicationScoped
public class ChannelMapper {
    private final ChannelConfig config;
    private final String region;

    public ChannelMapper(ChannelConfig config, IvsConfig ivs) {
        this.config = config;
        this.region = ivs.region();
    }

    /** The full channel as the public API returns it. */
    public Channel toChannel(ChannelEntity e, Map<String, String> tags) {
        return channel(e, tags, e.srtPassphrase);
    }

    /** The channel as internal events carry it: no tags, no SRT passphrase. */
    public Channel toEventData(ChannelEntity e) {
        return channel(e, null, null);
    }

    public ChannelSummary toSummary(ChannelEntity e, Map<String, String> tags) {
        return new ChannelSummary(e.arn, e.name, e.latencyMode, e.authorized, e.recordingConfigurationArn, tags,
                e.insecureIngest, e.type, e.preset, e.playbackRestrictionPolicyArn, e.adConfigurationArn);
    }

    public String playbackUrl(ChannelEntity e) {
        String base = config.playbackBaseUrl().replaceAll("/+$", "");
        return base + "/api/video/v1/" + region + "." + e.account + ".channel." + e.id + ".m3u8";
    }

    private Channel channel(ChannelEntity e, Map<String, String> tags, String passphrase) {
        return new Channel(e.arn, e.name, e.latencyMode, e.type, e.recordingConfigurationArn, config.ingestHost(),
                playbackUrl(e), e.authorized, tags, e.insecureIngest, e.preset,
                new Srt(config.srtHost().orElse(config.ingestHost()), passphrase), e.playbackRestrictionPolicyArn,
                new MultitrackInputConfiguration(e.multitrackEnabled, e.multitrackPolicy, e.multitrackMaximumResolution),
                e.containerFormat, e.adConfigurationArn);
    }
}
