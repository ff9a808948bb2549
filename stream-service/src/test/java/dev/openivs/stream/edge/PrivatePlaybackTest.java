package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.hls.HlsStream;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * Private channels and restriction policies at the playback edge, with real ffmpeg publishing and reading, a real
 * Kafka broker for revocations, and {@link PlaybackAuthStub} answering for playback-auth-service (its own logic is
 * tested in playback-auth-service and, together with this edge, in the e2e PrivatePlaybackIT).
 */
@QuarkusTest
// applies to every @QuarkusTest of the module (one application, no restart): the stub only answers what is asked
@QuarkusTestResource(PlaybackAuthStub.class)
class PrivatePlaybackTest extends PublishingTest {
    private static final Pattern SEGMENT = Pattern.compile("\n(st-[a-zA-Z0-9]+/source-[0-9]+\\.(?:ts|m4s))\n");

    @Inject
    PlaybackServer playback;

    @Inject
    RevocationEvents revocations;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String kafka;

    @ConfigProperty(name = "ivs.internal-token")
    String internalToken;

    private String base() {
        return "http://127.0.0.1:" + playback.port();
    }

    private String playbackUrl(String channelArn) {
        return PlaylistUrls.multivariantUrl(playback.port(), channelArn);
    }

    private static ExtractableResponse<Response> get(String url, String... headers) {
        RequestSpecification r = given().redirects().follow(false);
        for (int i = 0; i < headers.length; i += 2) {
            r = r.header(headers[i], headers[i + 1]);
        }
        return r.when().get(url).then().extract();
    }

    /** Starts a session with the token: the 302's Location (absolute URL). */
    private String start(String url, String token, String... headers) {
        ExtractableResponse<Response> r = get(url + "?token=" + token, headers);
        assertEquals(302, r.statusCode(), r.asString());
        String location = r.header("Location");
        assertTrue(location.matches("/api/video/v1/session\\.[A-Za-z0-9_-]{22}/[^/]+\\.m3u8"), location);
        assertFalse(location.contains(token), "the token is not part of the session URL");
        return base() + location;
    }

    private static String sibling(String url, String name) {
        return url.substring(0, url.lastIndexOf('/') + 1) + name;
    }

    private static String lastSegment(String mediaUrl, String body) {
        Matcher m = SEGMENT.matcher(body);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, body);
        return sibling(mediaUrl, last);
    }

    private static Map<String, Object> ok(Object... claims) {
        Map<String, Object> v = new HashMap<>(Map.of("allowed", true, "reason", "OK"));
        for (int i = 0; i < claims.length; i += 2) {
            v.put((String) claims[i], claims[i + 1]);
        }
        return v;
    }

    private static String run(int seconds, String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished in time: " + String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void shouldPlayPrivateChannelsWithVerifiedTokensThroughEdgeSessions() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        fixture.authorize(ch[0]);
        String channel = ch[0];
        String url = playbackUrl(channel);
        String ok = "tok-" + UUID.randomUUID();
        PlaybackAuthStub.TOKENS.put(ok, req -> channel.equals(req.path("channelArn").asText()) ? ok()
                : Map.of("allowed", false, "reason", "CHANNEL_MISMATCH"));
        String once = "once-" + UUID.randomUUID();
        Map<String, Boolean> spent = new ConcurrentHashMap<>();
        PlaybackAuthStub.TOKENS.put(once, req -> spent.putIfAbsent(once, true) == null
                ? ok("singleUseUuid", once) : Map.of("allowed", false, "reason", "TOKEN_ALREADY_USED"));
        String strict = "strict-" + UUID.randomUUID();
        PlaybackAuthStub.TOKENS.put(strict, req -> "https://a.example".equals(req.path("origin").asText(null))
                ? ok("allowedOrigin", "https://a.example", "strictOriginEnforcement", true)
                : Map.of("allowed", false, "reason", "ORIGIN_NOT_ALLOWED"));
        String alice1 = "alice1-" + UUID.randomUUID();
        PlaybackAuthStub.TOKENS.put(alice1, req -> ok("viewerId", "alice", "viewerSessionVersion", 1));
        String alice2 = "alice2-" + UUID.randomUUID();
        PlaybackAuthStub.TOKENS.put(alice2, req -> ok("viewerId", "alice", "viewerSessionVersion", 2,
                "maxResolution", "SD"));

        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            // no token: refused as soon as the channel is live; a token is verified only once it can be played
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(url).statusCode() == 403);
            given().when().get(url).then().statusCode(403).header("Access-Control-Allow-Origin", "*");
            assertTrue(get(url).asString().contains("token"));
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url + "?token=" + ok).statusCode() == 302);
            assertEquals(403, get(url + "?token=nope").statusCode());
            assertTrue(get(url + "?token=nope").asString().contains("INVALID_SIGNATURE"));
            assertTrue(PlaybackAuthStub.CALLS.stream().filter(c -> c.startsWith("POST"))
                    .allMatch(c -> c.endsWith("|" + internalToken + "|" + IngestFixture.ACCOUNT)),
                    "internal credential and the channel's account on every call: " + PlaybackAuthStub.CALLS);

            // the session: multivariant, media playlist and segments under /session.{id}/, no call per request
            String session = start(url, ok);
            ExtractableResponse<Response> master = get(session);
            assertEquals(200, master.statusCode(), master.asString());
            String media = PlaylistUrls.sourceMediaUrl(session, master.asString());
            assertTrue(media.contains("/session."), media);
            long verifies = PlaybackAuthStub.calls("POST");
            String mediaBody = get(media).asString();
            String segment = lastSegment(media, mediaBody);
            ExtractableResponse<Response> seg = get(segment);
            assertEquals(200, seg.statusCode());
            assertEquals("video/mp2t", seg.contentType());
            // what a token opened is never kept by shared caches (CDNs): they would serve it without the token
            assertEquals("private, max-age=31536000, immutable", seg.header("Cache-Control"));
            assertEquals("private, no-store", get(media).header("Cache-Control"));
            assertEquals("private, no-store", master.header("Cache-Control"));
            assertEquals(verifies, PlaybackAuthStub.calls("POST"),
                    "segments and playlists of a session are not verified again");

            // outside a session: only the multivariant playlist, with a token
            String noSession = segment.replaceFirst("/session\\.[A-Za-z0-9_-]{22}", "");
            assertEquals(403, get(noSession).statusCode());
            assertEquals(403, get(media.replaceFirst("/session\\.[A-Za-z0-9_-]{22}", "")).statusCode());
            assertEquals(403, get(segment.replaceFirst("session\\.[A-Za-z0-9_-]{22}", "session.AAAAAAAAAAAAAAAAAAAAAA"))
                    .statusCode(), "an unknown session");

            // standard players follow the redirect and decode the stream
            String streams = run(60, "ffprobe", "-v", "error", "-show_entries", "stream=codec_name,width,height",
                    "-of", "csv=p=0", url + "?token=" + ok);
            assertTrue(streams.contains("h264,640,360"), streams);
            String frames = run(60, "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v",
                    "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", segment);
            assertTrue(Integer.parseInt(frames.strip().split("\\s+")[0]) > 0, frames);

            // single-use: the first request starts a session that keeps playing; the token is then spent
            String onceSession = start(url, once);
            assertEquals(403, get(url + "?token=" + once).statusCode());
            assertTrue(get(url + "?token=" + once).asString().contains("TOKEN_ALREADY_USED"));
            assertEquals(200, get(onceSession).statusCode());

            // strict origin: the token's origin on every request of the session, echoed in CORS headers
            assertEquals(403, get(url + "?token=" + strict, "Origin", "https://b.example").statusCode());
            String strictSession = start(url, strict, "Origin", "https://a.example");
            ExtractableResponse<Response> a = get(strictSession, "Origin", "https://a.example");
            assertEquals(200, a.statusCode());
            assertEquals("https://a.example", a.header("Access-Control-Allow-Origin"));
            String strictMedia = PlaylistUrls.sourceMediaUrl(strictSession, a.asString());
            assertEquals(200, get(strictMedia, "Origin", "https://a.example").statusCode());
            assertEquals(403, get(strictMedia, "Origin", "https://b.example").statusCode());
            assertEquals(403, get(strictMedia).statusCode());

            // revocation: ViewerSessionsRevoked.v1 on Kafka stops alice's version-1 session, not her version 2
            String s1 = start(url, alice1);
            String s2 = start(url, alice2);
            String m1 = PlaylistUrls.sourceMediaUrl(s1, get(s1).asString());
            String m2 = PlaylistUrls.sourceMediaUrl(s2, get(s2).asString());
            assertEquals(200, get(m1).statusCode());
            await().atMost(Duration.ofSeconds(30)).until(revocations::ready);
            long t0 = System.nanoTime();
            revoke(channel, "alice", 1);
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(50))
                    .until(() -> get(m1).statusCode() == 403);
            System.out.printf("revocation event to refused playlist: %d ms%n", (System.nanoTime() - t0) / 1_000_000);
            assertTrue(get(m1).asString().contains("revoked"));
            assertEquals(200, get(m2).statusCode(), "a newer session version keeps playing");
            assertTrue(ffmpeg.isAlive(), ffmpeg.log());
        }
    }

    @Test
    void shouldCapSessionsPerViewerAddress() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.authorize(ch[0]); // LOW: LL-HLS behind the same checks
        String channel = ch[0];
        String url = playbackUrl(channel);
        String token = "cap-" + UUID.randomUUID();
        PlaybackAuthStub.TOKENS.put(token, req -> ok());
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            String path = url.substring(base().length()) + "?token=" + token;
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> rawGet("127.0.0.3", path).startsWith("HTTP/1.1 302"));
            // LL-HLS under the session: playlist with parts, and a part
            String session = start(url, token);
            String media = PlaylistUrls.sourceMediaUrl(session, get(session).asString());
            String body = get(media).asString();
            assertTrue(body.contains("#EXT-X-PART:"), body);
            Matcher part = Pattern.compile("URI=\"((st-[a-zA-Z0-9]+/)source-[0-9]+\\.[0-9]+\\.m4s)\"").matcher(body);
            assertTrue(part.find(), body);
            assertEquals(200, get(sibling(media, part.group(1))).statusCode());
            assertEquals(200, get(sibling(media, part.group(2) + "source-init.mp4")).statusCode());
            assertEquals(403, get(sibling(media, part.group(2) + "source-init.mp4").replaceFirst("/session\\.[A-Za-z0-9_-]{22}", ""))
                    .statusCode());

            // max-sessions-per-ip is 12 in this test; 127.0.0.3 has opened one
            int started = 1;
            String last = "";
            for (int i = 0; i < 13 && !last.startsWith("HTTP/1.1 429"); i++) {
                last = rawGet("127.0.0.3", path);
                started += last.startsWith("HTTP/1.1 302") ? 1 : 0;
            }
            assertTrue(last.startsWith("HTTP/1.1 429"), last);
            assertEquals(12, started);
            assertTrue(rawGet("127.0.0.4", path).startsWith("HTTP/1.1 302"), "other addresses are not affected");
        }
    }

    @Test
    void shouldEnforceRestrictionPolicies() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        String policyArn = "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":playback-restriction-policy/"
                + UUID.randomUUID().toString().substring(0, 12);
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("arn", policyArn);
        policy.put("allowedCountries", List.of("DE", "AT"));
        policy.put("allowedOrigins", List.of("https://ok.example"));
        policy.put("enableStrictOriginEnforcement", false);
        policy.put("name", "p");
        policy.put("tags", Map.of());
        PlaybackAuthStub.POLICIES.put(policyArn, policy);
        fixture.restrict(ch[0], policyArn);
        String url = playbackUrl(ch[0]);
        String[] allowed = {"CloudFront-Viewer-Country", "DE", "Origin", "https://ok.example"};
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture(rtmp(ch[1]))) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(url, allowed).statusCode() == 200);
            ExtractableResponse<Response> r = get(url + "?token=ignored-on-public-channels", allowed);
            assertEquals(200, r.statusCode());
            assertEquals("https://ok.example", r.header("Access-Control-Allow-Origin"));
            assertEquals(403, get(url, "Origin", "https://ok.example").statusCode(), "no country header");
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "FR", "Origin", "https://ok.example").statusCode());
            assertTrue(get(url, "CloudFront-Viewer-Country", "FR").asString().contains("country"));
            assertEquals(200, get(url, "CloudFront-Viewer-Country", "at", "Origin", "https://ok.example").statusCode());
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "DE", "Origin", "https://evil.example")
                    .statusCode());
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "DE").statusCode(), "no Origin");
            String media = PlaylistUrls.sourceMediaUrl(url, r.asString());
            assertEquals(200, get(media, "CloudFront-Viewer-Country", "DE").statusCode(), "not strict: playlists"
                    + " and segments need no Origin");
            assertEquals(403, get(media, "CloudFront-Viewer-Country", "US").statusCode(), "countries on every request");

            // cached for policy-cache-ttl (5 s): many requests, few fetches; then strict enforcement takes effect
            long fetches = PlaybackAuthStub.calls("GET /internal/playback-restriction-policies");
            for (int i = 0; i < 20; i++) {
                get(media, "CloudFront-Viewer-Country", "DE");
            }
            assertTrue(PlaybackAuthStub.calls("GET /internal/playback-restriction-policies") - fetches <= 1);
            policy.put("enableStrictOriginEnforcement", true);
            Instant changed = Instant.now();
            await().atMost(Duration.ofSeconds(8)).pollInterval(Duration.ofMillis(200))
                    .until(() -> get(media, "CloudFront-Viewer-Country", "DE").statusCode() == 403);
            System.out.printf("policy change effective after %d ms%n",
                    Duration.between(changed, Instant.now()).toMillis());
            assertEquals(200, get(media, "CloudFront-Viewer-Country", "DE", "Origin", "https://ok.example")
                    .statusCode());
        }
    }

    @Test
    void shouldCompareTheSourceRenditionWithTheTokensMaximumResolution() {
        HlsStream hls = new HlsStream(new dev.openivs.stream.media.StreamDescriptor("st-x", "arn", "1", "n", "NORMAL",
                "STANDARD", true, "", Instant.now(), null), 2000, 3, 1 << 20, System::currentTimeMillis);
        assertNull(PlaybackAccess.local(hls, null).playable().join(), "not started: not playable, no size");
        assertTrue(PlaybackAccess.exceeds(0, 0, "SD"), "resolution not known yet: refused");
        assertNotEquals(PlaybackAccess.limit("SD"), PlaybackAccess.limit("HD"));
        assertFalse(PlaybackAccess.exceeds(640, 360, "SD"));
        assertTrue(PlaybackAccess.exceeds(1280, 720, "SD"));
        assertFalse(PlaybackAccess.exceeds(1280, 720, "HD"));
        assertFalse(PlaybackAccess.exceeds(720, 1280, "HD"), "portrait: the short side counts");
        assertTrue(PlaybackAccess.exceeds(1920, 1080, "HD"));
        assertFalse(PlaybackAccess.exceeds(1920, 1080, "FULL_HD"));
        assertTrue(PlaybackAccess.exceeds(3840, 2160, "FULL_HD"));
    }

    private void revoke(String channelArn, String viewerId, long upTo) throws Exception {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka);
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        Map<String, Object> data = Map.of("channelArn", channelArn, "viewerId", viewerId,
                "viewerSessionVersionsLessThanOrEqualTo", upTo);
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("type", "ViewerSessionsRevoked.v1");
        envelope.put("aggregateType", "viewer-session");
        envelope.put("aggregateId", channelArn + "/" + viewerId);
        envelope.put("account", IngestFixture.ACCOUNT);
        envelope.put("region", "us-west-2");
        envelope.put("time", Instant.now().toString());
        envelope.put("data", data);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(p)) {
            producer.send(new ProducerRecord<>("ivs.playback-auth", channelArn,
                    PlaybackAuthStub.JSON.writeValueAsString(envelope))).get(10, TimeUnit.SECONDS);
        }
    }

    /** HTTP/1.1 GET from a chosen loopback source address (the caps are per viewer address); the status line. */
    private String rawGet(String sourceIp, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(sourceIp, 0));
            s.connect(new InetSocketAddress("127.0.0.1", playback.port()), 5_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int eol = all.indexOf("\r\n");
            return eol < 0 ? all : all.substring(0, eol);
        }
    }
}
