package dev.openivs.playbackauth.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ivs.playback-auth")
public interface PlaybackAuthConfig {
    /** Playback key pairs per account and region (AWS: 3). */
    @WithDefault("3")
    int maxKeyPairsPerAccount();

    /** Playback restriction policies per account and region (AWS publishes no default; 20 is this suite's). */
    @WithDefault("20")
    int maxPoliciesPerAccount();

    /** Longest lifetime left on a token with a viewer id or single-use UUID (AWS: 10 minutes). */
    @WithDefault("600")
    long maxShortLivedTokenSeconds();
}
