import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Simulated LL-HLS viewers for tools/bench/edge-vs-nginx.sh (a benchmark: it prints, asserts nothing).
 *
 * <pre>
 * snapshot MEDIA_URL DIR OBJECTS   the parts and segments the media playlist lists, stored under DIR by URL path
 *                                  (nginx serves the same bytes from there); their paths into OBJECTS
 * fetch SECONDS VIEWERS BASE OBJECTS LABEL
 *                                  each viewer GETs the objects in turn (keep-alive, closed loop) from BASE
 * reload SECONDS VIEWERS HOLDER_MEDIA EDGE_MEDIA
 *                                  VIEWERS loop blocking reload + part against the edge, while a probe sends the
 *                                  same blocking reload to the holder and the edge at one instant: added latency
 * </pre>
 */
public final class EdgeViewers {
    private static final Pattern URI_LINE = Pattern.compile("(?m)^([^#\\s][^\\s]*\\.(?:m4s|ts|mp4))$");
    private static final Pattern PART = Pattern.compile("#EXT-X-PART:[^\\n]*URI=\"([^\"]+)\"");
    private static final Pattern HINT = Pattern.compile(
            "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"([^\"]*source-([0-9]+)\\.([0-9]+)\\.m4s)\"");
    private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"([^\"]+)\"");
    private static final Pattern PART_TARGET = Pattern.compile("PART-TARGET=([0-9.]+)");

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .executor(Executors.newFixedThreadPool(2)).connectTimeout(Duration.ofSeconds(5)).build();

    public static void main(String[] args) throws Exception {
        EdgeViewers v = new EdgeViewers();
        switch (args[0]) {
            case "snapshot" -> v.snapshot(args[1], Path.of(args[2]), Path.of(args[3]));
            case "fetch" -> v.fetch(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3],
                    Files.readAllLines(Path.of(args[4])), args[5]);
            case "reload" -> v.reload(Integer.parseInt(args[1]), Integer.parseInt(args[2]), args[3], args[4]);
            default -> throw new IllegalArgumentException(args[0]);
        }
        System.exit(0);
    }

    private HttpResponse<byte[]> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(12)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private void snapshot(String media, Path dir, Path objects) throws Exception {
        String playlist = new String(get(media).body(), StandardCharsets.UTF_8);
        URI base = URI.create(media);
        List<String> uris = new ArrayList<>();
        for (Pattern p : List.of(MAP, PART, URI_LINE)) {
            Matcher m = p.matcher(playlist);
            while (m.find()) {
                uris.add(m.group(1));
            }
        }
        List<String> paths = new ArrayList<>();
        for (String u : uris) {
            URI abs = base.resolve(u);
            HttpResponse<byte[]> r = get(abs.toString());
            if (r.statusCode() != 200) {
                continue;
            }
            Path f = dir.resolve(abs.getRawPath().substring(1));
            Files.createDirectories(f.getParent());
            Files.write(f, r.body());
            paths.add(abs.getRawPath());
        }
        Files.write(objects, paths);
        System.out.printf("snapshot: %d objects (init, parts, segments) of %s%n", paths.size(), media);
    }

    private void fetch(int seconds, int viewers, String base, List<String> objects, String label) throws Exception {
        AtomicLong requests = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        long warm = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        long end = warm + TimeUnit.SECONDS.toNanos(seconds);
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            all.add(fetchLoop(base, objects, i % objects.size(), warm, end, requests, bytes, errors, micros));
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        double rps = requests.get() / (double) seconds;
        System.out.printf("%-22s %d viewers: %.0f req/s, %.1f MB/s, GET p50 %.1f ms p99 %.1f ms, %d errors%n", label,
                viewers, rps, bytes.get() / (double) seconds / 1e6, pct(micros, 50) / 1000.0,
                pct(micros, 99) / 1000.0, errors.get());
        System.out.printf("RESULT %s %.0f %.1f %.1f%n", label, rps, pct(micros, 50) / 1000.0, pct(micros, 99) / 1000.0);
    }

    private CompletableFuture<Void> fetchLoop(String base, List<String> objects, int next, long warm, long end,
            AtomicLong requests, AtomicLong bytes, AtomicLong errors, List<Long> micros) {
        long t0 = System.nanoTime();
        if (t0 > end) {
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(HttpRequest.newBuilder(URI.create(base + objects.get(next))).build(),
                HttpResponse.BodyHandlers.ofByteArray()).handle((r, e) -> {
                    long t1 = System.nanoTime();
                    if (t0 >= warm && t1 <= end) {
                        requests.incrementAndGet();
                        micros.add((t1 - t0) / 1000);
                        if (e != null || r.statusCode() != 200) {
                            errors.incrementAndGet();
                        } else {
                            bytes.addAndGet(r.body().length);
                        }
                    }
                    return null;
                }).thenCompose(v -> fetchLoop(base, objects, (next + 1) % objects.size(), warm, end, requests, bytes,
                        errors, micros));
    }

    private void reload(int seconds, int viewers, String holderMedia, String edgeMedia) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        AtomicLong errors = new AtomicLong();
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < viewers; i++) {
            all.add(viewer(edgeMedia, null, end, errors));
        }
        String first = new String(get(holderMedia).body(), StandardCharsets.UTF_8);
        Matcher target = PART_TARGET.matcher(first);
        double partMs = target.find() ? Double.parseDouble(target.group(1)) * 1000 : Double.NaN;
        List<Long> added = new ArrayList<>();
        while (System.nanoTime() < end) {
            Matcher hint = HINT.matcher(new String(get(holderMedia).body(), StandardCharsets.UTF_8));
            if (!hint.find()) {
                Thread.sleep(100);
                continue;
            }
            String q = "?_HLS_msn=" + hint.group(2) + "&_HLS_part=" + hint.group(3);
            long t0 = System.nanoTime();
            CompletableFuture<Long> a = at(holderMedia + q, t0);
            CompletableFuture<Long> b = at(edgeMedia + q, t0);
            try {
                added.add((b.get(10, TimeUnit.SECONDS) - a.get(10, TimeUnit.SECONDS)) / 1000);
            } catch (Exception e) {
                errors.incrementAndGet();
            }
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        System.out.printf("blocking reload for the next part, %d viewers on the edge: the edge answered after the "
                + "holder by p50 %.0f ms, p99 %.0f ms, max %.0f ms (%d probes; part target %.0f ms), %d errors%n",
                viewers, pct(added, 50) / 1000.0, pct(added, 99) / 1000.0, pct(added, 100) / 1000.0, added.size(),
                partMs, errors.get());
        System.out.printf("RESULT added %.0f %.0f %.0f%n", pct(added, 50) / 1000.0, pct(added, 99) / 1000.0, partMs);
    }

    private CompletableFuture<Long> at(String url, long t0) {
        return http.sendAsync(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(url + ": " + r.statusCode());
                    }
                    return System.nanoTime() - t0;
                });
    }

    /** An LL-HLS viewer at the live edge: blocking reload for the hinted part, then that part. */
    private CompletableFuture<Void> viewer(String media, String query, long end, AtomicLong errors) {
        if (System.nanoTime() > end) {
            return CompletableFuture.completedFuture(null);
        }
        return http.sendAsync(HttpRequest.newBuilder(URI.create(media + (query == null ? "" : query)))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).thenCompose(r -> {
                    Matcher hint = HINT.matcher(r.body());
                    if (r.statusCode() != 200 || !hint.find()) {
                        errors.incrementAndGet();
                        return viewer(media, null, end, errors);
                    }
                    String q = "?_HLS_msn=" + hint.group(2) + "&_HLS_part=" + hint.group(3);
                    String part = URI.create(media).resolve(hint.group(1)).toString();
                    return http.sendAsync(HttpRequest.newBuilder(URI.create(part)).build(),
                            HttpResponse.BodyHandlers.discarding()).thenCompose(p -> viewer(media, q, end, errors));
                }).exceptionally(e -> {
                    errors.incrementAndGet();
                    return null;
                });
    }

    private static double pct(List<Long> values, int p) {
        List<Long> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.isEmpty() ? Double.NaN : sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100));
    }
}
