package dev.openivs.recording.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

@ConfigMapping(prefix = "ivs.recording")
public interface RecordingConfig {
    /**
     * Recording configurations per account and region (AWS does not publish the default; 20 is this suite's
     * choice). Creating one more is ServiceQuotaExceededException.
     */
    @WithDefault("20")
    int maxConfigurationsPerAccount();
}
