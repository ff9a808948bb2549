package dev.openivs.objectstore;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;

/**
 * Produces the one {@link S3Client} of a service from {@link ObjectStoreConfig}. The client is blocking (Apache
 * HTTP client with a bounded pool; the JDK URLConnection client failed concurrent uploads): call it
 * from worker threads, never from an event loop. Checksums are computed only where S3 requires them, so that
 * S3-compatible stores without the newer flexible-checksum trailers (older MinIO/S3Proxy) accept the uploads.
 */
@ApplicationScoped
public class ObjectStoreClients {
    private final ObjectStoreConfig config;

    public ObjectStoreClients(ObjectStoreConfig config) {
        this.config = config;
    }

    @Produces
    @ApplicationScoped
    S3Client s3() {
        return build(config);
    }

    void close(@Disposes S3Client client) {
        client.close();
    }

    /** A client for the given settings (also used by tests and tools that run outside CDI). */
    public static S3Client build(ObjectStoreConfig config) {
        var builder = S3Client.builder()
                .region(Region.of(config.region()))
                .credentialsProvider(credentials(config))
                .httpClientBuilder(ApacheHttpClient.builder()
                        .connectionTimeout(config.connectTimeout())
                        .socketTimeout(config.apiCallTimeout())
                        .maxConnections(config.maxConnections()))
                .overrideConfiguration(o -> o.apiCallTimeout(config.apiCallTimeout()))
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(config.pathStyle()).build());
        config.endpoint().filter(s -> !s.isBlank()).ifPresent(e -> builder.endpointOverride(URI.create(e)));
        return builder.build();
    }

    private static AwsCredentialsProvider credentials(ObjectStoreConfig config) {
        if (config.accessKeyId().isPresent() && config.secretAccessKey().isPresent()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                    config.secretAccessKey().get()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
