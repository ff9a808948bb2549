package dev.openivs.gateway.proxy;

import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Installs the gateway handler in front of everything but {@code /q/} (health, metrics), ahead of Quarkus' own
 * body-size check so even an oversize request gets an AWS error.
 */
@ApplicationScoped
public class GatewayRoutes {
    /** Before Quarkus' upload-limit route (order -2). */
    static final int ORDER = -10;

    void init(@Observes Router router, GatewayHandler handler) {
        router.route().order(ORDER).handler(handler);
    }
}
