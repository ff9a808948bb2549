package dev.openivs.recording.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "ivs.recording")
public interface RecordingConfig {
    /**
     * Recording configurations per account and region (AWS does not publish the default; 20 is this suite's
     * choice). Creating one more is ServiceQuotaExceededException.
     */
    @WithDefault("20")
    int maxConfigurationsPerAccount();

    /**
     * Check the destination bucket in the S3-compatible store (exists and writable) before a new configuration
     * becomes ACTIVE; it is CREATE_FAILED otherwise. {@code false}: ACTIVE at once, no store needed.
     */
    @WithDefault("true")
    boolean verifyBucket();

    /** How often configurations left CREATING (e.g. by a restart during the check) are checked again. */
    @WithDefault("30s")
    Duration verifySweepInterval();
}
