package dev.openivs.stream.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * hls.js (the {@code org.webjars.npm:hls.js} jar, so no npm at run time) in headless Chromium: a test page served by
 * a JDK HttpServer plays {@code src} and posts what the player sees twice a second ({@link #report()}). DevTools
 * (Chromium's remote debugging WebSocket, the Chrome DevTools Protocol) throttles the page's network.
 */
public final class HlsJsPage implements AutoCloseable {
    private static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer page;
    private final AtomicReference<JsonNode> report = new AtomicReference<>();
    private Process chromium;
    private Path profile;
    private WebSocket devtools;

    public HlsJsPage() throws IOException {
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/result") && ex.getRequestMethod().equals("POST")) {
                report.set(JSON.readTree(ex.getRequestBody().readAllBytes()));
                reply(ex, 204, "text/plain", new byte[0]);
            } else if (path.equals("/hls.js")) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream(HLS_JS)) {
                    reply(ex, 200, "application/javascript", in.readAllBytes());
                }
            } else if (path.equals("/")) {
                try (InputStream in = getClass().getClassLoader().getResourceAsStream("hlsjs/player.html")) {
                    reply(ex, 200, "text/html; charset=utf-8", in.readAllBytes());
                }
            } else {
                reply(ex, 404, "text/plain", new byte[0]);
            }
        });
        page.start();
    }

    /** The Chromium binary on the PATH, or null. */
    public static String chromiumBinary() {
        for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
            for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
                if (Files.isExecutable(Paths.get(dir, name))) {
                    return Paths.get(dir, name).toString();
                }
            }
        }
        return null;
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            ex.getResponseBody().write(body);
        }
        ex.close();
    }

    /** Opens the player on {@code src}; {@code query} adds page options ({@code &startLevel=highest}). */
    public void open(String src, String query) throws IOException {
        profile = Files.createTempDirectory("chromium-profile");
        String url = "http://127.0.0.1:" + page.getAddress().getPort() + "/?src="
                + URLEncoder.encode(src, StandardCharsets.UTF_8) + query;
        chromium = new ProcessBuilder(chromiumBinary(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--user-data-dir=" + profile, "--remote-debugging-port=0", "--remote-allow-origins=*", url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    public void open(String src) throws IOException {
        open(src, "");
    }

    /** The newest report of the page (null before the first). */
    public JsonNode report() {
        return report.get();
    }

    /** A fatal hls.js error or a refused play() in a report. */
    public static boolean fatal(JsonNode r) {
        for (JsonNode e : r.get("errors")) {
            if (e.asText().endsWith(":true") || e.asText().startsWith("play:")) {
                return true;
            }
        }
        return false;
    }

    /**
     * DevTools network emulation of the player's page (CDP {@code Network.emulateNetworkConditions}): downloads and
     * uploads at most {@code bytesPerSecond}, {@code latencyMs} added to each request.
     */
    public void throttle(long bytesPerSecond, int latencyMs) throws Exception {
        Path port = profile.resolve("DevToolsActivePort");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(port) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        String endpoint = "http://127.0.0.1:" + Files.readAllLines(port).get(0).strip();
        HttpClient http = HttpClient.newHttpClient();
        JsonNode targets = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(endpoint + "/json/list"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        String ws = null;
        for (JsonNode t : targets) {
            if ("page".equals(t.path("type").asText()) && t.path("url").asText().contains("/?src=")) {
                ws = t.path("webSocketDebuggerUrl").asText();
            }
        }
        if (ws == null) {
            throw new IllegalStateException("no player page among " + targets);
        }
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket socket = http.newWebSocketBuilder().buildAsync(URI.create(ws), new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String message = text.toString();
                    text.setLength(0);
                    if (message.contains("\"id\":2")) {
                        answer.complete(message);
                    }
                }
                webSocket.request(1);
                return null;
            }
        }).get(10, TimeUnit.SECONDS);
        this.devtools = socket; // closing the DevTools session would end the emulation: open until the browser ends
        socket.sendText("{\"id\":1,\"method\":\"Network.enable\"}", true).get(10, TimeUnit.SECONDS);
        socket.sendText("{\"id\":2,\"method\":\"Network.emulateNetworkConditions\",\"params\":{\"offline\":false,"
                + "\"latency\":" + latencyMs + ",\"downloadThroughput\":" + bytesPerSecond
                + ",\"uploadThroughput\":" + bytesPerSecond + "}}", true).get(10, TimeUnit.SECONDS);
        String reply = answer.get(10, TimeUnit.SECONDS);
        if (reply.contains("\"error\"")) {
            throw new IllegalStateException("DevTools refused the emulation: " + reply);
        }
    }

    @Override
    public void close() throws IOException {
        if (devtools != null) {
            devtools.abort();
        }
        if (chromium != null) {
            chromium.descendants().forEach(ProcessHandle::destroy);
            chromium.destroy();
            try {
                chromium.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            chromium.descendants().forEach(ProcessHandle::destroyForcibly);
            chromium.destroyForcibly();
        }
        page.stop(0);
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
            }
        }
    }

    /** Waits for the condition on the reports, at most {@code timeout}; the newest report. */
    public JsonNode await(Duration timeout, java.util.function.Predicate<JsonNode> until) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = report.get();
            if (r != null && (until.test(r) || fatal(r))) {
                return r;
            }
            Thread.sleep(250);
        }
        return report.get();
    }
}
