package dev.openivs.aws;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Settings every service shares. All have local defaults; deployments override them by env. */
@ConfigMapping(prefix = "ivs")
public interface IvsConfig {
    /** The region this installation serves, e.g. us-west-2 (env IVS_REGION). */
    @WithDefault("us-west-2")
    String region();

    /** Shared secret the gateway sends to services in {@code x-ivs-internal-token} (env IVS_INTERNAL_TOKEN). */
    @WithDefault("local-internal-token")
    String internalToken();

    /** Secret that signs pagination tokens (env IVS_PAGINATION_SECRET). */
    @WithDefault("local-pagination-secret")
    String paginationSecret();
}
