package dev.openivs.stream.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.TsPackets;
import dev.openivs.stream.hls.HlsPackager;
import dev.openivs.stream.hls.HlsStream;
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
 * Segments that left a NORMAL playlist are moved to files and still served from there, byte for byte, with the
 * same caching answers; those that left the retired window are gone from disk and answer 404.
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

    @Test
    void retiredSegmentsAreServedFromDiskAndDroppedOnesAreGone() throws Exception {
        assertTrue(retiredSegments.active(), "the temp dir is usable");
        String[] ch = fixture.channel("BASIC", true);
        fixture.latencyMode(ch[0], "NORMAL");
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
        HlsStream stream = packager.renditions(ch[0]).orElseThrow().stream("source");
        await().atMost(Duration.ofSeconds(20)).until(() -> stream.snapshot().retired().size() >= 5
                && stream.snapshot().retired().stream().noneMatch(s -> s.bytes().inMemory()));
        HlsStream.Snapshot snap = stream.snapshot();
        assertTrue(snap.segments().stream().allMatch(s -> s.bytes().inMemory()), "listed segments stay in memory");
        assertTrue(retiredSegments.bytesOnDisk() > 0);

        TreeMap<Long, String> listed = PlaybackReconnectTest.segments(get(mediaUrl).body());
        long first = listed.firstKey();
        String firstUri = listed.firstEntry().getValue();
        HlsStream.Segment retired = snap.retired().get(snap.retired().size() - 1);
        assertEquals(first - 1, retired.sequence());
        String retiredUrl = mediaUrl.replace("source.m3u8", firstUri.replace("source-" + first, "source-" + (first - 1)));

        HttpResponse<byte[]> r = getBytes(retiredUrl);
        assertEquals(200, r.statusCode());
        assertEquals(retired.size(), r.body().length);
        assertArrayEquals(Files.readAllBytes(retired.bytes().file()), r.body());
        List<TsPackets.Packet> packets = TsPackets.parse(r.body());
        assertEquals(0, packets.get(0).pid(), "a segment starts with the PAT");
        assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertEquals(304, send(retiredUrl, "If-None-Match", etag).statusCode());
        HttpResponse<byte[]> range = send(retiredUrl, "Range", "bytes=188-375");
        assertEquals(206, range.statusCode());
        assertArrayEquals(Arrays.copyOfRange(r.body(), 188, 376), range.body());

        // the oldest ones left the retired window: not served, and their files are deleted
        long dropped = snap.retired().get(0).sequence() - 1;
        assertEquals(404, getBytes(mediaUrl.replace("source.m3u8",
                firstUri.replace("source-" + first, "source-" + dropped))).statusCode());
        await().atMost(Duration.ofSeconds(5)).until(() -> retiredSegments.bytesOnDisk()
                <= snap.retired().stream().mapToLong(HlsStream.Segment::size).sum());
        assertFalse(snap.retired().stream().anyMatch(s -> s.bytes().file() == null), "every retired one has a file");
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
