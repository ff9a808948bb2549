package dev.openivs.stream.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A stand-in for playback-auth-service's internal API (only in this module's tests; the e2e tests use the real
 * service): a JDK HTTP server answering token verification from verdicts the test registers per token, and
 * restriction policies the test registers per ARN. It records every call with its internal headers.
 */
public class PlaybackAuthStub implements QuarkusTestResourceLifecycleManager {
    static final ObjectMapper JSON = new ObjectMapper();
    /** token → verdict for a verify request (its JSON body). */
    static final Map<String, Function<JsonNode, Map<String, Object>>> TOKENS = new ConcurrentHashMap<>();
    static final Map<String, Map<String, Object>> POLICIES = new ConcurrentHashMap<>();
    /** "METHOD path|internal-token|account" per call. */
    static final List<String> CALLS = new CopyOnWriteArrayList<>();
    private HttpServer server;

    @Override
    public Map<String, String> start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        server.createContext("/internal/", this::handle);
        server.start();
        return Map.of("quarkus.rest-client.playback-auth-service.url",
                "http://127.0.0.1:" + server.getAddress().getPort(),
                "ivs.stream.playback.max-sessions-per-ip", "12",
                // RestAssured opens a client per request and leaves its connection to the GC: no connection cap here
                // (EdgeSessionsTest covers it)
                "ivs.stream.playback.max-connections-per-ip", "1000000");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    static long calls(String prefix) {
        return CALLS.stream().filter(c -> c.startsWith(prefix)).count();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            CALLS.add(ex.getRequestMethod() + " " + path + "|" + ex.getRequestHeaders().getFirst("x-ivs-internal-token")
                    + "|" + ex.getRequestHeaders().getFirst("x-ivs-account-id"));
            if (path.equals("/internal/playback-tokens/verify")) {
                JsonNode body = JSON.readTree(ex.getRequestBody());
                Function<JsonNode, Map<String, Object>> verdict = TOKENS.get(body.path("token").asText());
                Map<String, Object> answer = verdict == null ? Map.of("allowed", false, "reason", "INVALID_SIGNATURE")
                        : verdict.apply(body);
                send(ex, 200, answer, null);
            } else if (path.equals("/internal/playback-restriction-policies")) {
                String query = ex.getRequestURI().getRawQuery();
                String arn = query == null ? "" : URLDecoder.decode(query.substring(query.indexOf('=') + 1),
                        StandardCharsets.UTF_8);
                Map<String, Object> policy = POLICIES.get(arn);
                if (policy == null) {
                    send(ex, 404, Map.of("message", "Request references a resource which does not exist."),
                            "ResourceNotFoundException");
                } else {
                    send(ex, 200, policy, null);
                }
            } else {
                send(ex, 404, Map.of("message", "no such path"), "ResourceNotFoundException");
            }
        }
    }

    private static void send(HttpExchange ex, int status, Object body, String errorType) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            ex.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        ex.sendResponseHeaders(status, bytes.length);
        ex.getResponseBody().write(bytes);
    }
}
