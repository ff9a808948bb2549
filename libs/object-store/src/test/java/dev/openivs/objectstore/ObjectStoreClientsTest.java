package dev.openivs.objectstore;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/** The client follows the configuration: region, endpoint override, static credentials. */
class ObjectStoreClientsTest {

    record Config(Optional<String> endpoint, String region, boolean pathStyle, Optional<String> accessKeyId,
            Optional<String> secretAccessKey) implements ObjectStoreConfig {
        @Override
        public Duration connectTimeout() {
            return Duration.ofSeconds(2);
        }

        @Override
        public int maxConnections() {
            return 4;
        }

        @Override
        public Duration apiCallTimeout() {
            return Duration.ofSeconds(15);
        }
    }

    @Test
    void shouldTalkToTheConfiguredEndpointWithStaticCredentials() {
        try (S3Client s3 = ObjectStoreClients.build(new Config(Optional.of("http://127.0.0.1:9000"), "eu-central-1",
                true, Optional.of("access"), Optional.of("secret")))) {
            assertEquals(Region.EU_CENTRAL_1, s3.serviceClientConfiguration().region());
            assertEquals(Optional.of(URI.create("http://127.0.0.1:9000")),
                    s3.serviceClientConfiguration().endpointOverride());
            AwsCredentialsIdentity id = s3.serviceClientConfiguration().credentialsProvider()
                    .resolveIdentity().join();
            assertEquals("access", id.accessKeyId());
            assertEquals("secret", id.secretAccessKey());
        }
    }

    @Test
    void shouldUseTheAwsEndpointOfTheRegionWithoutAnOverride() {
        try (S3Client s3 = ObjectStoreClients.build(new Config(Optional.of(" "), "us-west-2", false,
                Optional.empty(), Optional.empty()))) {
            assertEquals(Region.US_WEST_2, s3.serviceClientConfiguration().region());
            assertTrue(s3.serviceClientConfiguration().endpointOverride().isEmpty());
        }
    }
}
