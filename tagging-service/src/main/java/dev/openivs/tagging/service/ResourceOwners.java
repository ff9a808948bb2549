package dev.openivs.tagging.service;

import dev.openivs.aws.client.AwsErrorResponseMapper;
import dev.openivs.aws.client.InternalClientHeaders;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.internal.ResourcesClient;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.Config;

/**
 * Asks the service that owns a resource whether it exists in the caller's account, synchronously, so a resource is
 * never tagged or listed before it exists or after it is gone (a neighbour's 404 comes back as
 * ResourceNotFoundException, a neighbour that is down as ServiceUnavailable).
 */
@ApplicationScoped
public class ResourceOwners {
    private static final Map<ResourceType, String> OWNER = Map.of(
            ResourceType.CHANNEL, "channel-service",
            ResourceType.AD_CONFIGURATION, "channel-service",
            ResourceType.STREAM_KEY, "streamkey-service",
            ResourceType.PLAYBACK_KEY, "playback-auth-service",
            ResourceType.PLAYBACK_RESTRICTION_POLICY, "playback-auth-service",
            ResourceType.RECORDING_CONFIGURATION, "recording-service");

    private final Map<ResourceType, ResourcesClient> clients = new EnumMap<>(ResourceType.class);

    public ResourceOwners(Config config, InternalClientHeaders headers) {
        long connect = config.getOptionalValue("quarkus.rest-client.connect-timeout", Long.class).orElse(2000L);
        long read = config.getOptionalValue("quarkus.rest-client.read-timeout", Long.class).orElse(8000L);
        OWNER.forEach((type, service) -> clients.put(type, QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(config.getValue("quarkus.rest-client." + service + ".url", String.class)))
                .clientHeadersFactory(headers)
                .register(AwsErrorResponseMapper.class)
                .connectTimeout(connect, TimeUnit.MILLISECONDS)
                .readTimeout(read, TimeUnit.MILLISECONDS)
                .build(ResourcesClient.class)));
    }

    /** Completes when the resource exists in the caller's account, else fails with ResourceNotFoundException. */
    public Uni<Void> requireExists(Arn arn) {
        return clients.get(arn.type()).get(arn.toString()).replaceWithVoid();
    }
}
