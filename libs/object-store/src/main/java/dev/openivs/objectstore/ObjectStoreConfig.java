package dev.openivs.objectstore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Where recordings go: an S3-compatible store (AWS S3, MinIO, the local stack's S3Proxy). Set by environment:
 * {@code IVS_S3_ENDPOINT}, {@code IVS_S3_REGION}, {@code IVS_S3_PATH_STYLE}, {@code IVS_S3_ACCESS_KEY_ID},
 * {@code IVS_S3_SECRET_ACCESS_KEY} (see META-INF/microprofile-config.properties of this library).
 */
@ConfigMapping(prefix = "ivs.s3")
public interface ObjectStoreConfig {
    /** Endpoint override (e.g. http://127.0.0.1:9000); absent = the AWS S3 endpoint of {@link #region()}. */
    Optional<String> endpoint();

    /** Signing region of the store. */
    @WithDefault("us-west-2")
    String region();

    /** Path-style addressing ({@code endpoint/bucket/key}); S3Proxy and MinIO want it, AWS does not. */
    @WithDefault("false")
    boolean pathStyle();

    /** Static credentials; when absent, the AWS SDK's default provider chain (env, profile, IRSA, instance). */
    Optional<String> accessKeyId();

    Optional<String> secretAccessKey();

    /** Connect timeout of one HTTP connection to the store. */
    @WithDefault("2s")
    Duration connectTimeout();

    /** Connections to the store kept by one service (concurrent uploads). */
    @WithDefault("32")
    int maxConnections();

    /** Upper bound of one API call including the SDK's own retries. */
    @WithDefault("15s")
    Duration apiCallTimeout();
}
