package dev.openivs.stream.edge;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Access control at the playback edge: private channels (tokens, edge sessions), restriction policies, caps. */
@ConfigMapping(prefix = "ivs.stream.playback")
public interface PlaybackAccessConfig {
    /**
     * Request header carrying the viewer's ISO 3166-1 alpha-2 country, set by a trusted proxy or CDN in front of the
     * edge (policies with {@code allowedCountries} refuse requests without it). Env
     * IVS_STREAM_PLAYBACK_COUNTRY_HEADER.
     */
    @WithDefault("CloudFront-Viewer-Country")
    String countryHeader();

    /** A private-channel playback session that makes no request for this long is forgotten. */
    @WithDefault("60s")
    Duration sessionIdleTimeout();

    /** Private-channel playback sessions open at once per viewer IP address; more get 429. */
    @WithDefault("100")
    int maxSessionsPerIp();

    /** HTTP connections open at once per viewer IP address; more are closed at once. */
    @WithDefault("500")
    int maxConnectionsPerIp();

    /** How long a fetched playback restriction policy is used before it is fetched again. */
    @WithDefault("5s")
    Duration policyCacheTtl();

    /** Stop revoked viewers' sessions on ViewerSessionsRevoked.v1 events (Kafka topic ivs.playback-auth). */
    @WithDefault("true")
    boolean revocationEvents();
}
