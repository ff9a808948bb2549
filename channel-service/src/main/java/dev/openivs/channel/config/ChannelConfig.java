package dev.openivs.channel.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** channel-service settings (application.properties maps the documented environment variables onto them). */
@ConfigMapping(prefix = "ivs.channel")
public interface ChannelConfig {
    /** Public ingest host: channels report it as {@code ingestEndpoint} (env IVS_INGEST_HOST). */
    @WithDefault("127.0.0.1")
    String ingestHost();

    /** Base URL of the HLS playback edge, without trailing slash (env IVS_PLAYBACK_BASE_URL). */
    @WithDefault("http://127.0.0.1:8090")
    String playbackBaseUrl();

    /** SRT ingest host; the ingest host when unset (env IVS_SRT_HOST). */
    Optional<String> srtHost();

    /** Channels per account (env IVS_CHANNEL_QUOTA). */
    @WithDefault("1000")
    int quota();

    /**
     * Ad configurations per account (env IVS_AD_CONFIGURATION_QUOTA). AWS publishes no default; 20 is this suite's
     * choice, like recording configurations. One more is ServiceQuotaExceededException.
     */
    @WithDefault("20")
    int adConfigurationQuota();

    /** A channel still CREATING after this long belongs to a saga that died: the sweeper undoes it. */
    @WithDefault("60s")
    Duration creatingTimeout();
}
