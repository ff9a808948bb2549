package dev.openivs.gateway.proxy;

import dev.openivs.gateway.upstream.Upstreams;
import dev.openivs.gateway.operation.Operation;
import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.aws.rest.InternalHeaders;
import dev.openivs.gateway.auth.SigV4Verifier;
import dev.openivs.gateway.auth.SignedRequest;
import dev.openivs.gateway.config.GatewayConfig;
import dev.openivs.gateway.observability.GatewayMetrics;
import dev.openivs.gateway.throttling.Throttler;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.inject.Singleton;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * The public API path, entirely on the event loop: size check, SigV4 (key and date before the body, signature
 * after), operation lookup, throttling, then a pooled keep-alive proxy call to the owning service with the
 * internal headers, bounded by the upstream timeout. Every error the gateway itself produces is an AWS error.
 * The gateway's beans are {@code @Singleton}: no CDI client proxy on the hot path.
 */
@Singleton
public class GatewayHandler implements Handler<RoutingContext> {
    private static final Logger LOG = Logger.getLogger(GatewayHandler.class);
    private static final Buffer EMPTY_OBJECT = Buffer.buffer("{}");
    private static final int MAX_USER_AGENT = 512;

    private final Vertx vertx;
    private final SigV4Verifier verifier;
    private final Throttler throttler;
    private final Upstreams upstreams;
    private final GatewayMetrics metrics;
    private final String internalToken;
    private final int maxBodyBytes;
    private final long bodyTimeoutMillis;
    private final long upstreamTimeoutMillis;

    public GatewayHandler(Vertx vertx, SigV4Verifier verifier, Throttler throttler, Upstreams upstreams,
            GatewayMetrics metrics, IvsConfig ivs, GatewayConfig config) {
        this.vertx = vertx;
        this.verifier = verifier;
        this.throttler = throttler;
        this.upstreams = upstreams;
        this.metrics = metrics;
        this.internalToken = ivs.internalToken();
        this.maxBodyBytes = config.maxBodyBytes();
        this.bodyTimeoutMillis = config.bodyReadTimeout().toMillis();
        this.upstreamTimeoutMillis = config.upstreamTimeout().toMillis();
    }

    @Override
    public void handle(RoutingContext ctx) {
        String path = ctx.request().path();
        if (path.startsWith("/q/") || ConsoleRoutes.isConsole(ctx.request().method(), path)) {
            ctx.next();
            return;
        }
        new Exchange(ctx.request()).start();
    }

    /** One request's state; all its callbacks run on the same event loop, so no synchronization is needed. */
    private final class Exchange {
        private final HttpServerRequest request;
        private final HttpServerResponse response;
        private final long startNanos = System.nanoTime();
        private final String requestId = RequestIds.next();
        private final String path;
        private Operation operation;
        private SignedRequest signed;
        private String account;
        private Buffer body;
        private boolean bodyCopied;
        private int received;
        private long timerId = -1;
        private boolean done;
        private HttpClientRequest upstreamRequest;

        Exchange(HttpServerRequest request) {
            this.request = request;
            this.response = request.response();
            this.path = request.path();
        }

        void start() {
            operation = Operation.resolve(request.method().name(), path);
            String contentLength = request.getHeader("Content-Length");
            if (contentLength != null && tooLarge(contentLength)) {
                fail(AwsErrorShape.RequestEntityTooLargeException, null, true);
                return;
            }
            try {
                signed = verifier.authenticate(request.headers(), System.currentTimeMillis());
            } catch (AwsException e) {
                // a declared small body is drained by Vert.x and the connection kept; an open-ended one is cut
                fail(e.shape(), e.getMessage(), !request.isEnded() && contentLength == null);
                return;
            }
            account = signed.credential().accountId();
            if (request.isEnded()) {
                onEnd();
                return;
            }
            if ("100-continue".equalsIgnoreCase(request.getHeader("Expect"))) {
                response.writeContinue();
            }
            timerId = vertx.setTimer(bodyTimeoutMillis, id -> {
                timerId = -1;
                failWith(408, "RequestTimeoutException", "Timed out reading the request body.", true);
            });
            request.handler(this::onChunk);
            request.endHandler(v -> onEnd());
            request.exceptionHandler(t -> {
                if (!done) {
                    LOG.debugf("Client request failed: %s", t.toString());
                    cancelTimer();
                    done = true;
                    record(499, "ClientClosedRequest");
                }
            });
            request.resume();
        }

        private boolean tooLarge(String contentLength) {
            try {
                return Long.parseLong(contentLength.trim()) > maxBodyBytes;
            } catch (NumberFormatException e) {
                return true;
            }
        }

        private void onChunk(Buffer chunk) {
            if (done) {
                return;
            }
            received += chunk.length();
            if (received > maxBodyBytes) {
                fail(AwsErrorShape.RequestEntityTooLargeException, null, true);
                return;
            }
            if (body == null) {
                body = chunk;
            } else {
                if (!bodyCopied) {
                    body = Buffer.buffer(Math.max(received, 1024)).appendBuffer(body);
                    bodyCopied = true;
                }
                body.appendBuffer(chunk);
            }
        }

        private void onEnd() {
            if (done) {
                return;
            }
            cancelTimer();
            try {
                verifier.verify(signed, request.method().name(), path, request.query(), request.headers(),
                        request.host(), body);
            } catch (AwsException e) {
                fail(e.shape(), e.getMessage(), false);
                return;
            }
            if (operation == null) {
                fail(AwsErrorShape.UnknownOperationException, null, false);
                return;
            }
            if (throttler.enabled()) {
                String channelArn = operation == Operation.PutMetadata ? ChannelArns.of(body) : null;
                if (!throttler.tryAcquire(account, operation, channelArn)) {
                    fail(AwsErrorShape.ThrottlingException, null, false);
                    return;
                }
            }
            forward();
        }

        private void forward() {
            Upstreams.Endpoint endpoint = upstreams.endpoint(operation.service());
            String query = request.query();
            String uri = endpoint.pathPrefix() + (query == null ? path : path + '?' + query);
            HttpMethod method = request.method();
            RequestOptions options = new RequestOptions()
                    .setMethod(method)
                    .setHost(endpoint.host())
                    .setPort(endpoint.port())
                    .setURI(uri)
                    .putHeader(InternalHeaders.INTERNAL_TOKEN, internalToken)
                    .putHeader(InternalHeaders.ACCOUNT_ID, account)
                    .putHeader(InternalHeaders.ACCESS_KEY_ID, signed.credential().accessKeyId())
                    .putHeader(InternalHeaders.SOURCE_IP, sourceIp())
                    .putHeader(InternalHeaders.REQUEST_ID, requestId);
            String userAgent = request.getHeader("User-Agent");
            if (userAgent != null) {
                options.putHeader(InternalHeaders.USER_AGENT,
                        userAgent.length() > MAX_USER_AGENT ? userAgent.substring(0, MAX_USER_AGENT) : userAgent);
            }
            Buffer payload = body;
            if (payload == null || payload.length() == 0) {
                // SDKs may send no body for operations without members; services always get a JSON object.
                payload = method == HttpMethod.POST ? EMPTY_OBJECT : null;
            }
            if (payload != null) {
                options.putHeader("Content-Type", AwsErrors.CONTENT_TYPE);
            }
            timerId = vertx.setTimer(upstreamTimeoutMillis, id -> {
                timerId = -1;
                LOG.warnf("%s did not answer %s within %d ms", operation.service().configKey(), operation,
                        upstreamTimeoutMillis);
                fail(AwsErrorShape.ServiceUnavailable, null, false);
                if (upstreamRequest != null) {
                    upstreamRequest.reset();
                }
            });
            Buffer toSend = payload;
            upstreams.client().request(options)
                    .compose(r -> {
                        upstreamRequest = r;
                        return toSend == null ? r.send() : r.send(toSend);
                    })
                    .compose(r -> r.body().map(b -> {
                        respond(r, b);
                        return b;
                    }))
                    .onFailure(t -> {
                        if (!done) {
                            LOG.warnf("%s unavailable for %s: %s", operation.service().configKey(), operation,
                                    t.toString());
                            fail(AwsErrorShape.ServiceUnavailable, null, false);
                        }
                    });
        }

        private void respond(HttpClientResponse upstream, Buffer upstreamBody) {
            if (done) {
                return;
            }
            cancelTimer();
            int status = upstream.statusCode();
            String errorType = upstream.getHeader(InternalHeaders.ERROR_TYPE);
            if (status >= 400 && errorType == null) {
                // never relay a non-AWS error body (e.g. a service without this route)
                LOG.warnf("%s answered %s with %d and no AWS error", operation.service().configKey(), operation,
                        status);
                fail(nonAwsError(status), null, false);
                return;
            }
            done = true;
            if (response.closed()) {
                record(499, "ClientClosedRequest");
                return;
            }
            response.setStatusCode(status);
            for (Map.Entry<String, String> header : upstream.headers()) {
                if (relayed(header.getKey())) {
                    response.headers().add(header.getKey(), header.getValue());
                }
            }
            response.putHeader(InternalHeaders.REQUEST_ID, requestId);
            response.end(upstreamBody);
            record(status, errorType);
        }

        private void fail(AwsErrorShape shape, String message, boolean closeConnection) {
            failWith(shape.status(), shape.name(), message == null ? shape.defaultMessage() : message,
                    closeConnection);
        }

        private void failWith(int status, String type, String message, boolean closeConnection) {
            if (done) {
                return;
            }
            done = true;
            cancelTimer();
            AwsErrors.write(response, status, type, message, requestId, closeConnection);
            record(status, type);
        }

        private void cancelTimer() {
            if (timerId >= 0) {
                vertx.cancelTimer(timerId);
                timerId = -1;
            }
        }

        private void record(int status, String errorType) {
            metrics.record(operation, account, status, errorType, startNanos, requestId, request.method().name(),
                    sourceIp());
        }

        private String sourceIp() {
            SocketAddress remote = request.remoteAddress();
            return remote == null ? "-" : remote.hostAddress();
        }
    }

    private static AwsErrorShape nonAwsError(int status) {
        return switch (status) {
            case 404, 405 -> AwsErrorShape.UnknownOperationException;
            case 413 -> AwsErrorShape.RequestEntityTooLargeException;
            default -> status >= 500 ? AwsErrorShape.InternalServerException : AwsErrorShape.ValidationException;
        };
    }

    /** Upstream response headers relayed to the client: all but hop-by-hop, length and internal ones. */
    private static boolean relayed(String name) {
        return !(name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Connection")
                || name.equalsIgnoreCase("Keep-Alive") || name.equalsIgnoreCase("Transfer-Encoding")
                || name.equalsIgnoreCase(InternalHeaders.REQUEST_ID) || name.regionMatches(true, 0, "x-ivs-", 0, 6));
    }
}
