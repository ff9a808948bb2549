package dev.openivs.stream.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.TsPackets;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.HlsStream;
import dev.openivs.stream.hls.LlHlsStream;
import dev.openivs.stream.media.MediaBytes;
import dev.openivs.stream.hls.RetiredSegments;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Segments that left a playlist (NORMAL and LOW), and a LOW playlist's listed segments whose parts are no longer
 * served, are moved to files and still served from there, byte for byte, with the same caching answers; those that
 * left the retired window are gone from disk and answer 404.
 */
@QuarkusTest
class RetiredSegmentsTest extends PublishingTest {
    @Inject
    PlaybackServer playback;

    @Inject
    HlsPackager packager;

    @Inject
    RetiredSegments retiredSegments;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A segment as the test sees it in either packager. */
    private record Held(long sequence, MediaBytes bytes) {
    }

    @Test
    void normalRetiredSegmentsAreServedFromDiskAndDroppedOnesAreGone() throws Exception {
        check("NORMAL", arn -> {
            HlsStream.Snapshot s = packager.renditions(arn).orElseThrow().stream("source").snapshot();
            return List.of(held(s.segments(), HlsStream.Segment::sequence, HlsStream.Segment::bytes),
                    held(s.retired(), HlsStream.Segment::sequence, HlsStream.Segment::bytes));
        });
    }

    @Test
    void lowLatencyRetiredSegmentsAreServedFromDiskAndDroppedOnesAreGone() throws Exception {
        check("LOW", arn -> {
            LlHlsStream.Snapshot s = packager.lowLatencyRenditions(arn).orElseThrow().stream("source").snapshot();
            return List.of(held(s.segments(), LlHlsStream.Segment::msn, LlHlsStream.Segment::bytes),
                    held(s.retired(), LlHlsStream.Segment::msn, LlHlsStream.Segment::bytes));
        });
    }

    private static <T> List<Held> held(List<T> segments, java.util.function.ToLongFunction<T> seq,
            java.util.function.Function<T, MediaBytes> bytes) {
        return segments.stream().map(s -> new Held(seq.applyAsLong(s), bytes.apply(s))).toList();
    }

    /** {@code lists} gives a channel's listed and retired segments. */
    private void check(String latencyMode, java.util.function.Function<String, List<List<Held>>> lists)
            throws Exception {
        assertTrue(retiredSegments.active(), "the temp dir is usable");
        String[] ch = fixture.channel("BASIC", true);
        fixture.latencyMode(ch[0], latencyMode);
        // 30 s of media at 4 x real time: 15 segments of 2 s, 6 listed, 7 retired, the first 2 dropped
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        String mediaUrl;
        try (Ffmpeg ffmpeg = Ffmpeg.publish(rtmp(ch[1]), "-readrate", "4", "-stream_loop", "2", "-i",
                Ffmpeg.fixture().toString(), "-c", "copy")) {
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url).statusCode() == 200);
            mediaUrl = PlaylistUrls.sourceMediaUrl(url, get(url).body());
            assertEquals(0, ffmpeg.waitFor(60), ffmpeg.log());
        }
        // NORMAL: every listed segment stays in memory; LOW: the newest 4 (those whose parts are served: 3 listed
        // with parts, plus one), the older ones go to files as soon as their parts are no longer served
        int listedInMemory = "NORMAL".equals(latencyMode) ? Integer.MAX_VALUE : 4;
        java.util.function.Predicate<List<Held>> placed = l -> java.util.stream.IntStream.range(0, l.size())
                .allMatch(i -> l.get(i).bytes().inMemory() == (i >= l.size() - listedInMemory));
        await().atMost(Duration.ofSeconds(20)).until(() -> lists.apply(ch[0]).get(1).size() >= 5
                && lists.apply(ch[0]).get(1).stream().noneMatch(s -> s.bytes().inMemory())
                && placed.test(lists.apply(ch[0]).get(0)));
        List<Held> listed = lists.apply(ch[0]).get(0);
        List<Held> retired = lists.apply(ch[0]).get(1);
        assertEquals(6, listed.size());
        assertTrue(placed.test(listed), "listed segments in memory: the newest " + Math.min(6, listedInMemory));
        assertTrue(retiredSegments.bytesOnDisk() > 0);

        TreeMap<Long, String> uris = PlaybackReconnectTest.segments(get(mediaUrl).body());
        long first = uris.firstKey();
        String firstUri = uris.firstEntry().getValue();
        String name = firstUri.replaceAll("^.*/", "").replaceAll("[0-9]+(\\.[a-z0-9]+)$", "");
        if (!listed.get(0).bytes().inMemory()) {
            // a listed segment served from its file, byte for byte
            String firstUrl = mediaUrl.replace("source.m3u8", firstUri);
            HttpResponse<byte[]> onDisk = getBytes(firstUrl);
            assertEquals(200, onDisk.statusCode(), firstUrl);
            assertEquals(first, listed.get(0).sequence());
            assertArrayEquals(Files.readAllBytes(listed.get(0).bytes().file()), onDisk.body());
        }
        Held last = retired.get(retired.size() - 1);
        assertEquals(first - 1, last.sequence());
        String retiredUrl = mediaUrl.replace("source.m3u8",
                firstUri.replace(name + first + ".", name + (first - 1) + "."));

        HttpResponse<byte[]> r = getBytes(retiredUrl);
        assertEquals(200, r.statusCode(), retiredUrl);
        assertEquals(last.bytes().length(), r.body().length);
        assertArrayEquals(Files.readAllBytes(last.bytes().file()), r.body());
        if ("NORMAL".equals(latencyMode)) {
            assertEquals(0, TsPackets.parse(r.body()).get(0).pid(), "a TS segment starts with the PAT");
        } else {
            String box = new String(r.body(), 4, 4, java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(java.util.Set.of("moof", "styp", "emsg", "prft").contains(box), "an fMP4 box first: " + box);
        }
        assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(retiredUrl, "If-None-Match", etag).statusCode());
        HttpResponse<byte[]> range = send(retiredUrl, "Range", "bytes=188-375");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(r.body(), 188, 376), range.body());

        // the oldest ones left the retired window: not served, and their files are deleted
        long dropped = retired.get(0).sequence() - 1;
        assertEquals(404, getBytes(mediaUrl.replace("source.m3u8",
                firstUri.replace(name + first + ".", name + dropped + "."))).statusCode());
        assertTrue(retired.stream().allMatch(s -> s.bytes().file() != null && Files.exists(s.bytes().file())),
                "every retired segment has its file");
    }

    private HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<byte[]> getBytes(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<byte[]> send(String url, String header, String value) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header(header, value).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }
}
