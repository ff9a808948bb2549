package dev.openivs.gateway.observability;

import dev.openivs.gateway.operation.Service;
import dev.openivs.gateway.upstream.Upstreams;
import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Reports whether each service answers its liveness probe, as data. The gateway stays ready (UP) when a service is
 * down: it still serves every other service's operations and answers the down one's with ServiceUnavailable 503,
 * so taking the gateway out of rotation would only make things worse.
 */
@Readiness
@ApplicationScoped
public class UpstreamReadinessCheck implements AsyncHealthCheck {
    private static final long PROBE_TIMEOUT_MS = 1000;

    private final Upstreams upstreams;

    public UpstreamReadinessCheck(Upstreams upstreams) {
        this.upstreams = upstreams;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        List<Future<String>> probes = new ArrayList<>();
        for (Service service : Service.values()) {
            probes.add(probe(service));
        }
        Future<HealthCheckResponse> all = Future.join(new ArrayList<>(probes)).transform(ignored -> {
            HealthCheckResponseBuilder builder = HealthCheckResponse.named("upstream services").up();
            for (int i = 0; i < probes.size(); i++) {
                Future<String> f = probes.get(i);
                builder.withData(Service.values()[i].configKey(), f.succeeded() ? f.result() : "DOWN");
            }
            return Future.succeededFuture(builder.build());
        });
        return Uni.createFrom().completionStage(all.toCompletionStage());
    }

    private Future<String> probe(Service service) {
        Upstreams.Endpoint endpoint = upstreams.endpoint(service);
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setHost(endpoint.host())
                .setPort(endpoint.port()).setURI(endpoint.pathPrefix() + "/q/health/live")
                .setTimeout(PROBE_TIMEOUT_MS);
        return upstreams.client().request(options)
                .compose(r -> r.send())
                .compose(r -> r.body().map(b -> r.statusCode() == 200 ? "UP" : "DOWN (" + r.statusCode() + ")"));
    }
}
