package dev.openivs.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingDeque;

/**
 * A tiny in-test upstream standing in for every service (recording-service points at a closed port, i.e. dead):
 * records what the gateway sends and answers per path — /ListStreams is slow, /StopStream answers a non-AWS 500,
 * /GetStream an AWS 404 error, /DeleteChannel 204.
 */
public class StubUpstream implements QuarkusTestResourceLifecycleManager {
    public static final BlockingDeque<Received> RECEIVED = new LinkedBlockingDeque<>();
    public static final long SLOW_MILLIS = 6000;

    private HttpServer server;
    private ExecutorService executor;

    /** One request as the upstream saw it; header names lower-case, first value. */
    public record Received(String method, String uri, Map<String, String> headers, String body) {
    }

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 100);
            int deadPort;
            try (ServerSocket socket = new ServerSocket(0)) {
                deadPort = socket.getLocalPort();
            }
            executor = Executors.newCachedThreadPool();
            server.setExecutor(executor);
            server.createContext("/", this::handle);
            server.start();
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Map<String, String> config = new HashMap<>();
            for (String service : new String[] {"channel-service", "streamkey-service", "stream-service",
                    "playback-auth-service", "tagging-service"}) {
                config.put("quarkus.rest-client." + service + ".url", url);
            }
            config.put("quarkus.rest-client.recording-service.url", "http://127.0.0.1:" + deadPort);
            config.put("ivs.gateway.upstream-timeout", "2s");
            config.put("ivs.gateway.body-read-timeout", "2s");
            config.put("ivs.gateway.throttling.overrides", "*:*=1000,*:GetStreamKey=3");
            return config;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> headers = new HashMap<>();
        exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
        String path = exchange.getRequestURI().getRawPath();
        RECEIVED.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath()
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()),
                headers, body));
        String requestId = headers.getOrDefault("x-amzn-requestid", "none");
        exchange.getResponseHeaders().add("x-amzn-RequestId", requestId);
        exchange.getResponseHeaders().add("x-ivs-debug", "internal detail");
        String account = headers.getOrDefault("x-ivs-account-id", "000000000000");
        switch (path) {
            case "/ListStreams" -> {
                try {
                    Thread.sleep(SLOW_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                json(exchange, 200, "{\"streams\":[]}");
            }
            case "/StopStream" -> {
                exchange.getResponseHeaders().add("Content-Type", "text/html");
                send(exchange, 500, "<html><body>java.lang.NullPointerException at Foo.bar</body></html>");
            }
            case "/GetStream" -> {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", "ChannelNotBroadcasting");
                json(exchange, 404, "{\"exceptionMessage\":\"The stream is offline for the given channel ARN.\","
                        + "\"message\":\"The stream is offline for the given channel ARN.\"}");
            }
            case "/DeleteChannel", "/PutMetadata" -> {
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            }
            case "/GetChannel", "/CreateChannel" -> json(exchange, 200, "{\"channel\":{\"arn\":\"arn:aws:ivs:us-west-2:"
                    + account + ":channel/abcdABCDefgh\",\"name\":\"stub\",\"latencyMode\":\"LOW\"}}");
            default -> json(exchange, 200, path.startsWith("/tags/") && exchange.getRequestMethod().equals("GET")
                    ? "{\"tags\":{\"team\":\"video\"}}" : "{}");
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        send(exchange, status, body);
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
