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
    private static final String RESOURCES = "META-INF/resources";

    /** True for a console page or asset request: GET or HEAD of {@code /console} or anything under it. */
    static boolean isConsole(HttpMethod method, String path) {
        return (method == HttpMethod.GET || method == HttpMethod.HEAD)
                && (path.equals(PREFIX) || path.startsWith(PREFIX + "/"));
    }

    void init(@Observes Router router) {
        // before the gateway handler, which lets these paths through to the static resources
        // (Vert.x' "/console" route also matches "/console/": only the bare path is redirected)
        router.route(HttpMethod.GET, PREFIX).order(GatewayRoutes.ORDER - 1).handler(ctx -> {
            if (ctx.request().path().equals(PREFIX)) {
                ctx.redirect(PREFIX + "/");
            } else {
                ctx.next();
            }
        });
        // a file the console does not have is a plain 404 here (the static handler would leave it to other routes)
        router.route(PREFIX + "/*").method(HttpMethod.GET).method(HttpMethod.HEAD).order(GatewayRoutes.ORDER - 1).handler(ctx -> {
            String path = ctx.normalizedPath();
            if (!path.endsWith("/") && ConsoleRoutes.class.getClassLoader().getResource(RESOURCES + path) == null) {
                ctx.response().setStatusCode(404).putHeader("Content-Type", "text/plain").end("Not found");
                return;
            }
            ctx.response().putHeader("X-Content-Type-Options", "nosniff")
                    .putHeader("Cache-Control", "no-cache");
            ctx.next();
        });
    }
}
