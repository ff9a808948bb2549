package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * hls.js ({@code org.webjars.npm:hls.js}) in headless Chromium, playing a URL with {@code lowLatencyMode: true}: the
 * page (stream-service's test page {@code hlsjs/player.html}) posts what the player sees twice a second.
 */
final class Player implements AutoCloseable {
    private static final String HLS_JS = "META-INF/resources/webjars/hls.js/1.4.12/dist/hls.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AtomicReference<JsonNode> report = new AtomicReference<>();
    private final HttpServer page;
    private final Path profile;
    private final Process chromium;

    private Player(String src) throws IOException {
        String binary = chromium();
        assumeTrue(binary != null, "chromium is not installed");
        Path html = Paths.get(System.getProperty("ivs.root", ".."),
                "stream-service/src/test/resources/hlsjs/player.html");
        page = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        page.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            if (path.equals("/result") && ex.getRequestMethod().equals("POST")) {
                report.set(JSON.readTree(ex.getRequestBody().readAllBytes()));
                reply(ex, 204, "text/plain", new byte[0]);
            } else if (path.equals("/hls.js")) {
                try (InputStream in = Player.class.getClassLoader().getResourceAsStream(HLS_JS)) {
                    reply(ex, 200, "application/javascript", in.readAllBytes());
                }
            } else if (path.equals("/")) {
                reply(ex, 200, "text/html; charset=utf-8", Files.readAllBytes(html));
            } else {
                reply(ex, 404, "text/plain", new byte[0]);
            }
        });
        page.start();
        profile = Files.createTempDirectory("chromium-profile");
        String url = "http://127.0.0.1:" + page.getAddress().getPort() + "/?src="
                + URLEncoder.encode(src, StandardCharsets.UTF_8);
        chromium = new ProcessBuilder(binary, "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-background-networking", "--disable-quic", "--no-first-run", "--disable-component-update",
                "--disable-sync", "--autoplay-policy=no-user-gesture-required", "--mute-audio",
                "--ignore-certificate-errors", "--user-data-dir=" + profile, "--remote-debugging-port=0", url)
                .redirectErrorStream(true).redirectOutput(profile.resolve("chromium.log").toFile()).start();
    }

    static Player open(String src) throws IOException {
        return new Player(src);
    }

    private static String chromium() {
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

    JsonNode report() {
        return report.get();
    }

    /** Waits until the video plays past {@code seconds} (or the player failed) and returns the report. */
    JsonNode awaitPlaying(double seconds) {
        await().atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(500)).until(() -> {
            JsonNode r = report.get();
            return r != null && (r.get("currentTime").asDouble() > seconds || fatal(r));
        });
        return report.get();
    }

    static boolean fatal(JsonNode r) {
        for (JsonNode e : r.get("errors")) {
            if (e.asText().endsWith(":true") || e.asText().startsWith("play:")) {
                return true;
            }
        }
        return false;
    }

    /** Median of the last latency samples (wall clock - PROGRAM-DATE-TIME of the playing position), ms. */
    static long median(JsonNode r) {
        List<Long> samples = new ArrayList<>();
        r.get("samples").forEach(n -> samples.add(n.asLong()));
        List<Long> recent = new ArrayList<>(samples.subList(Math.max(0, samples.size() - 10), samples.size()));
        recent.sort(Comparator.naturalOrder());
        return recent.isEmpty() ? -1 : recent.get(recent.size() / 2);
    }

    @Override
    public void close() throws IOException {
        chromium.descendants().forEach(ProcessHandle::destroy);
        chromium.destroy();
        try {
            chromium.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        chromium.descendants().forEach(ProcessHandle::destroyForcibly);
        chromium.destroyForcibly();
        page.stop(0);
        try (Stream<Path> files = Files.walk(profile)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        }
    }
}
