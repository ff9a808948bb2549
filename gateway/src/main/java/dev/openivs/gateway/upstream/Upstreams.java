package dev.openivs.gateway.upstream;

import dev.openivs.gateway.operation.Service;
import dev.openivs.gateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.EnumMap;
import java.util.Map;
import org.eclipse.microprofile.config.Config;

/**
 * Where each service is ({@code quarkus.rest-client.<service>.url}, env {@code IVS_<NAME>_URL}) and the one
 * pooled keep-alive Vert.x HTTP client used to reach them all (pool per service endpoint).
 */
@Singleton
public class Upstreams {
    private final Map<Service, Endpoint> endpoints = new EnumMap<>(Service.class);
    private final HttpClient client;

    public Upstreams(Vertx vertx, Config config, GatewayConfig gateway) {
        for (Service service : Service.values()) {
            String url = config.getValue("quarkus.rest-client." + service.configKey() + ".url", String.class);
            URI uri = URI.create(url);
            int port = uri.getPort() > 0 ? uri.getPort() : 80;
            String prefix = uri.getRawPath() == null || uri.getRawPath().equals("/") ? "" : uri.getRawPath();
            endpoints.put(service, new Endpoint(service, uri.getHost(), port, prefix));
        }
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                // below the services' 60 s idle timeout, so the pool never reuses a connection being closed
                .setKeepAliveTimeout(30)
                .setTcpNoDelay(true)
                .setConnectTimeout((int) gateway.upstreamConnectTimeout().toMillis())
                .setName("ivs-gateway-upstream");
        PoolOptions pool = new PoolOptions().setHttp1MaxSize(gateway.upstreamPoolSize());
        this.client = vertx.createHttpClient(options, pool);
    }

    public HttpClient client() {
        return client;
    }

    public Endpoint endpoint(Service service) {
        return endpoints.get(service);
    }

    /** A service's address; {@code pathPrefix} is empty unless its URL has a path. */
    public record Endpoint(Service service, String host, int port, String pathPrefix) {
    }
}
