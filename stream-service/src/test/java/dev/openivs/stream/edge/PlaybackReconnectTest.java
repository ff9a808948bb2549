package dev.openivs.stream.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The encoder reconnects (a new stream session on the same channel): players of the channel's playbackUrl keep
 * going. A player polling the media playlist sees one playlist with continuous media sequence numbers, an
 * EXT-X-DISCONTINUITY (and for LOW a new EXT-X-MAP) before the new session's first segment, and EXT-X-ENDLIST after
 * the final stop; ffmpeg reading the playbackUrl keeps running across the reconnect and reads both sessions.
 */
@QuarkusTest
class PlaybackReconnectTest extends PublishingTest {
    private static final Pattern SESSION = Pattern.compile("(st-[a-zA-Z0-9]+)/");

    @Inject
    PlaybackServer playback;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void shouldContinueTheNormalLatencyPlaylistAcrossAReconnectAndEndIt() throws Exception {
        reconnect("NORMAL");
    }

    @Test
    void shouldContinueTheLowLatencyPlaylistAcrossAReconnectAndEndIt() throws Exception {
        reconnect("LOW");
    }

    @Test
    void ffmpegShouldKeepPlayingANormalLatencyChannelAcrossAReconnect() throws Exception {
        ffmpegAcrossReconnect("NORMAL");
    }

    @Test
    void ffmpegShouldKeepPlayingALowLatencyChannelAcrossAReconnect() throws Exception {
        ffmpegAcrossReconnect("LOW");
    }

    private void reconnect(String mode) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], mode);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        Poller poller;
        String first;
        try (Ffmpeg publisher = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200)).until(() -> get(url).statusCode() == 200);
            poller = new Poller(PlaylistUrls.sourceMediaUrl(url, get(url).body()));
            await().atMost(Duration.ofSeconds(30)).until(() -> segments(poller.latest()).size() >= 3);
            first = sessions(poller.latest()).iterator().next();
        }
        String mediaUrl = poller.url;
        // LOW: a blocking reload for the next segment's first part, asked once the session ended, is answered by
        // the next session
        CompletableFuture<HttpResponse<String>> blocked = null;
        long next = -1;
        if (mode.equals("LOW")) {
            await().atMost(Duration.ofSeconds(10)).until(() -> !poller.latest().contains("#EXT-X-PRELOAD-HINT"));
            assertNull(poller.failure(), "the media playlist stays served after the session ended");
            next = segments(poller.latest()).lastKey() + 1;
            blocked = http.sendAsync(HttpRequest.newBuilder(URI.create(mediaUrl + "?_HLS_msn=" + next + "&_HLS_part=0"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        }
        String second;
        try (Ffmpeg publisher = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).until(() -> poller.failure() != null
                    || (sessions(poller.latest()).size() == 2
                    && segments(poller.latest()).values().stream().filter(u -> !u.startsWith(first)).count() >= 2));
            assertNull(poller.failure(), "the media playlist stays served across the reconnect");
            List<String> both = new ArrayList<>(sessions(poller.latest()));
            second = both.get(1);
            assertNotEquals(first, second);
            String text = poller.latest();
            int lastOfFirst = text.lastIndexOf(first + "/source-");
            int disc = text.indexOf("#EXT-X-DISCONTINUITY\n");
            int firstOfSecond = text.indexOf("\n" + second + "/source-");
            assertTrue(lastOfFirst < disc && disc < firstOfSecond, "DISCONTINUITY between the sessions: " + text);
            if (mode.equals("LOW")) {
                assertTrue(text.contains("#EXT-X-DISCONTINUITY\n#EXT-X-MAP:URI=\"" + second + "/source-init.mp4\"\n"),
                        "the new session's init segment: " + text);
                HttpResponse<String> answer = blocked.get(10, TimeUnit.SECONDS);
                assertEquals(200, answer.statusCode(), answer.body());
                assertTrue(answer.body().contains("URI=\"" + second + "/source-" + next + ".0.m4s\""),
                        "the parked request is answered with the new session's first part: " + answer.body());
                assertEquals(200, get(mediaUrl.replace("source.m3u8", second + "/source-init.mp4")).statusCode());
                assertEquals(200, get(mediaUrl.replace("source.m3u8", first + "/source-init.mp4")).statusCode());
            }
            for (String uri : segments(text).values()) {
                assertEquals(200, get(mediaUrl.replace("source.m3u8", uri)).statusCode(), uri);
            }
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> poller.latest().endsWith("#EXT-X-ENDLIST\n"));
        assertEquals(404, get(url).statusCode(), "the channel is offline");
        poller.stop();

        // what the player saw, poll after poll
        TreeMap<Long, String> seen = new TreeMap<>();
        long lastMediaSequence = -1;
        for (HttpResponse<String> r : poller.responses) {
            assertEquals(200, r.statusCode(), "the media playlist stays served across the reconnect: " + r.body());
            Map<Long, String> segs = segments(r.body());
            long mediaSequence = segs.keySet().iterator().next();
            assertTrue(mediaSequence >= lastMediaSequence, "EXT-X-MEDIA-SEQUENCE never goes back");
            lastMediaSequence = mediaSequence;
            for (Map.Entry<Long, String> e : segs.entrySet()) {
                String before = seen.putIfAbsent(e.getKey(), e.getValue());
                assertTrue(before == null || before.equals(e.getValue()), "segment " + e.getKey() + " is one segment");
            }
        }
        assertEquals(seen.lastKey() - seen.firstKey() + 1, seen.size(), "no gap in the media sequence: " + seen);
        long lastOfFirst = seen.entrySet().stream().filter(e -> e.getValue().startsWith(first)).mapToLong(Map.Entry::getKey)
                .max().orElseThrow();
        assertTrue(seen.get(lastOfFirst + 1).startsWith(second + "/"), "the new session continues the numbering");
        System.out.printf("%s: %d playlist polls across the reconnect, media sequence %d..%d, session %s up to %d, "
                + "then %s%n", mode, poller.responses.size(), seen.firstKey(), seen.lastKey(), first, lastOfFirst,
                second);
    }

    private void ffmpegAcrossReconnect(String mode) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], mode);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        Path log = Files.createTempFile("ffmpeg-player-", ".log");
        Process player = null;
        try {
            String first;
            try (Ffmpeg publisher = Ffmpeg.publishFixture(rtmp(ch[1]))) {
                await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                        .until(() -> get(url).statusCode() == 200);
                player = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "verbose", "-i", url,
                        "-c", "copy", "-f", "null", "-").redirectErrorStream(true).redirectOutput(log.toFile()).start();
                Process p = player;
                await().atMost(Duration.ofSeconds(30)).until(() -> read(log, null).size() >= 3 || !p.isAlive());
                assertTrue(player.isAlive(), tail(log));
                first = read(log, null).get(0).substring(0, read(log, null).get(0).indexOf('/'));
                Thread.sleep(4000); // the player plays the first session for a while longer
            }
            Thread.sleep(1000); // the encoder's reconnect
            try (Ffmpeg publisher = Ffmpeg.publishFixture(rtmp(ch[1]))) {
                Process p = player;
                await().atMost(Duration.ofSeconds(40)).until(() -> !p.isAlive()
                        || read(log, null).stream().filter(s -> !s.startsWith(first)).count() >= 3);
                assertTrue(player.isAlive(), "the player still runs after the reconnect: " + tail(log));
                Thread.sleep(2000);
                assertTrue(player.isAlive(), "the player still runs after the reconnect: " + tail(log));
            }
            // the final stop: the playlist ends, and so does the player, on its own
            assertTrue(player.waitFor(40, TimeUnit.SECONDS), "the player stops at EXT-X-ENDLIST: " + tail(log));
            assertEquals(0, player.exitValue(), tail(log));
            Set<String> sessions = new LinkedHashSet<>();
            for (String s : read(log, null)) {
                sessions.add(s.substring(0, s.indexOf('/')));
            }
            assertEquals(2, sessions.size(), "segments of both sessions read: " + read(log, null));
            System.out.printf("ffmpeg player, %s channel: read %d segments of %s across the reconnect%n", mode,
                    read(log, null).size(), sessions);
        } finally {
            if (player != null) {
                player.destroyForcibly();
            }
            Files.deleteIfExists(log);
        }
    }

    /** The segments (session/source-N.ts or .m4s) the ffmpeg player requested, those of {@code session} if given. */
    private static List<String> read(Path log, String session) throws IOException {
        List<String> out = new ArrayList<>();
        Matcher m = Pattern.compile("'[^']*/(st-[a-zA-Z0-9]+/source-[0-9]+\\.(?:ts|m4s))'").matcher(Files.readString(log));
        while (m.find()) {
            if ((session == null || m.group(1).startsWith(session)) && !out.contains(m.group(1))) {
                out.add(m.group(1));
            }
        }
        return out;
    }

    private static String tail(Path log) throws IOException {
        String text = Files.readString(log);
        return text.substring(Math.max(0, text.length() - 3000));
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Media sequence number to segment URI, from a media playlist. */
    static TreeMap<Long, String> segments(String playlist) {
        TreeMap<Long, String> out = new TreeMap<>();
        long msn = -1;
        for (String line : playlist.split("\n")) {
            if (line.startsWith("#EXT-X-MEDIA-SEQUENCE:")) {
                msn = Long.parseLong(line.substring("#EXT-X-MEDIA-SEQUENCE:".length()));
            } else if (!line.isEmpty() && !line.startsWith("#")) {
                out.put(msn++, line);
            }
        }
        return out;
    }

    /** The stream sessions whose segments a media playlist lists, in order. */
    static Set<String> sessions(String playlist) {
        Set<String> out = new LinkedHashSet<>();
        for (String uri : segments(playlist).values()) {
            Matcher m = SESSION.matcher(uri);
            out.add(m.lookingAt() ? m.group(1) : uri);
        }
        return out;
    }

    /** A player that keeps reloading the same media playlist URL (every 300 ms) and keeps every answer. */
    private final class Poller {
        final String url;
        final List<HttpResponse<String>> responses = java.util.Collections.synchronizedList(new ArrayList<>());
        private final Thread thread;
        private volatile boolean stopped;

        Poller(String url) {
            this.url = url;
            this.thread = new Thread(() -> {
                while (!stopped) {
                    try {
                        responses.add(get(url));
                        Thread.sleep(300);
                    } catch (IOException e) {
                        // counted as missing answers: the assertions look at the statuses
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "playlist-poller");
            thread.setDaemon(true);
            thread.start();
        }

        /** The newest answer's body; "" before the first and when it was not a 200 (see {@link #failure}). */
        String latest() {
            synchronized (responses) {
                HttpResponse<String> r = responses.isEmpty() ? null : responses.get(responses.size() - 1);
                return r == null || r.statusCode() != 200 ? "" : r.body();
            }
        }

        /** The first answer that was not a 200, or null. */
        String failure() {
            synchronized (responses) {
                return responses.stream().filter(r -> r.statusCode() != 200).findFirst()
                        .map(r -> r.statusCode() + " " + r.body().strip()).orElse(null);
            }
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.join(5000);
        }
    }
}
