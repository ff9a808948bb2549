package dev.openivs.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Gateway settings ({@code ivs.gateway.*}); every one has a local default and an env override (see README). */
@ConfigMapping(prefix = "ivs.gateway")
public interface GatewayConfig {

    /** Longest wait for a service's answer before the client gets ServiceUnavailable 503 (env IVS_UPSTREAM_TIMEOUT). */
    @WithDefault("10s")
    Duration upstreamTimeout();

    /** TCP connect timeout towards services. */
    @WithDefault("2s")
    Duration upstreamConnectTimeout();

    /** Pooled keep-alive connections per service. */
    @WithDefault("64")
    int upstreamPoolSize();

    /** Largest accepted request body in bytes; larger ones get 413 before being read whole. */
    @WithDefault("1048576")
    int maxBodyBytes();

    /** A client must deliver its whole body within this time, else it gets 408 and the connection is closed. */
    @WithDefault("10s")
    Duration bodyReadTimeout();

    /** Largest accepted difference between the request's x-amz-date and the server clock. */
    @WithDefault("15m")
    Duration maxClockSkew();

    Accounts accounts();

    Throttling throttling();

    interface Accounts {
        /** Include the two documented example accounts (env IVS_EXAMPLE_ACCOUNTS; turn off in production). */
        @WithDefault("true")
        boolean examples();

        /** Extra accounts, {@code account:accessKeyId:secret} separated by commas (env IVS_ACCOUNTS). */
        Optional<String> list();

        /** A file with one {@code account accessKeyId secret} per line, '#' comments (env IVS_ACCOUNTS_FILE). */
        Optional<String> file();
    }

    interface Throttling {
        /** Token buckets on (env IVS_THROTTLING_ENABLED; false for load tests). */
        @WithDefault("true")
        boolean enabled();

        /**
         * Number of gateway replicas behind the load balancer (env IVS_GATEWAY_REPLICAS): each replica enforces
         * quota / replicas, so the sum over replicas is the published quota.
         */
        @WithDefault("1")
        int replicas();

        /**
         * Quota overrides, {@code <account|*>:<Operation|*>=<tps>} separated by commas; the pseudo operation
         * {@code PutMetadata.channel} is the per-channel PutMetadata rate (env IVS_THROTTLING_OVERRIDES).
         */
        Optional<String> overrides();
    }
}
