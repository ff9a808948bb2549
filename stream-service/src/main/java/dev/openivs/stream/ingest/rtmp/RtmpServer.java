package dev.openivs.stream.ingest.rtmp;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.ingest.PublishAuthorizer;
import dev.openivs.stream.live.StreamSupervisor;
import dev.openivs.stream.tls.TlsCertificates;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * The RTMP (plain) and RTMPS (TLS) ingest listeners on Vert.x, one verticle instance per event loop sharing each
 * port. Ports 0 pick free ports ({@link #rtmpPort()} / {@link #rtmpsPort()} tell which).
 */
@ApplicationScoped
public class RtmpServer {
    private static final Logger LOG = Logger.getLogger(RtmpServer.class);

    private final Vertx vertx;
    private final StreamConfig config;
    private final PublishAuthorizer authorizer;
    private final StreamSupervisor supervisor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicInteger batched = new AtomicInteger();
    private volatile int rtmpPort = -1;
    private volatile int rtmpsPort = -1;
    private volatile String deployment;

    public RtmpServer(Vertx vertx, StreamConfig config, PublishAuthorizer authorizer,
            StreamSupervisor supervisor) {
        this.vertx = vertx;
        this.config = config;
        this.authorizer = authorizer;
        this.supervisor = supervisor;
    }

    void start(@Observes StartupEvent event) throws Exception {
        int instances = config.ingest().instances() > 0 ? config.ingest().instances()
                : Math.max(1, Runtime.getRuntime().availableProcessors() / 4);
        KeyCertOptions keyCert = config.rtmps().enabled() ? TlsCertificates.keyCert(config.rtmps()) : null;
        // Every instance listens on the same port (Vert.x shares it); port 0 is resolved to a free port first.
        rtmpPort = config.rtmp().enabled() ? resolve(config.rtmp().port()) : -1;
        rtmpsPort = config.rtmps().enabled() ? resolve(config.rtmps().port()) : -1;
        deployment = vertx.deployVerticle(() -> new Listener(keyCert),
                new DeploymentOptions().setInstances(instances))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        LOG.infof("RTMP ingest on %s:%d, RTMPS on %s:%d (%d event loops)", config.ingest().host(), rtmpPort,
                config.ingest().host(), rtmpsPort, instances);
    }

    private static int resolve(int port) throws java.io.IOException {
        if (port != 0) {
            return port;
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            return probe.getLocalPort();
        }
    }

    void stop(@Observes ShutdownEvent event) {
        // Vert.x closes the listeners and connections when Quarkus stops.
    }

    public int rtmpPort() {
        return rtmpPort;
    }

    public int rtmpsPort() {
        return rtmpsPort;
    }

    /** Open ingest connections (any state) on this replica. */
    public int connections() {
        return connections.get();
    }

    /** Connections whose reads are batched now ({@code ivs.stream.ingest.read-batch}: SO_RCVLOWAT above 1). */
    public int batchedConnections() {
        return batched.get();
    }

    private final class Listener extends AbstractVerticle {
        private final KeyCertOptions keyCert;

        Listener(KeyCertOptions keyCert) {
            this.keyCert = keyCert;
        }

        @Override
        public void start(Promise<Void> started) {
            var plain = rtmpPort >= 0 ? listen(false, rtmpPort) : io.vertx.core.Future.<NetServer>succeededFuture();
            plain.compose(s -> rtmpsPort >= 0 ? listen(true, rtmpsPort)
                            : io.vertx.core.Future.<NetServer>succeededFuture())
                    .onSuccess(s -> started.complete())
                    .onFailure(started::fail);
        }

        private io.vertx.core.Future<NetServer> listen(boolean secure, int port) {
            NetServerOptions options = new NetServerOptions().setHost(config.ingest().host()).setPort(port)
                    .setTcpNoDelay(true).setReuseAddress(true);
            if (secure) {
                options.setSsl(true).setKeyCertOptions(keyCert);
            }
            NetServer server = vertx.createNetServer(options);
            server.connectHandler(socket -> {
                connections.incrementAndGet();
                RtmpConnection connection = new RtmpConnection(socket, context, secure, authorizer, supervisor,
                        config.ingest(), batched);
                connection.start(connections::decrementAndGet);
            });
            return server.listen();
        }
    }
}
