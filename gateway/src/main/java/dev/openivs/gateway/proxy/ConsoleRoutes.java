package dev.openivs.gateway.proxy;

import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The web console: static files under {@code /console/} (built from {@code src/main/console} into
 * {@code META-INF/resources/console}, served by Quarkus' static resource handler). Only GET and HEAD of those paths
 * pass the API handler; the console's own calls are SigV4-signed {@code POST /<Operation>} requests like any
 * client's. No IVS operation path starts with {@code /console}.
 */
@ApplicationScoped
public class ConsoleRoutes {
    static final String PREFIX = "/console";

    /** True for a console page or asset request: GET or HEAD of {@code /console} or anything under it. */
    static boolean isConsole(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    void init(@Observes Router router) {
        // before the gateway handler, which lets these paths through to the static resources
        router.route(HttpMethod.GET, PREFIX).order(GatewayRoutes.ORDER - 1)
                .handler(ctx -> ctx.redirect(PREFIX + "/"));
        router.route(PREFIX + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).order(GatewayRoutes.ORDER - 1).handler(ctx -> {
            ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
    }
}
