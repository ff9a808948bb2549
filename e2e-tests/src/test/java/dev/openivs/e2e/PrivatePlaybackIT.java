package dev.openivs.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.PlaybackRestrictionPolicy;

/**
 * Private channels and playback restriction policies end to end: key pairs imported and tokens signed (ES384) in the
 * test the way a customer's backend does it, ffmpeg publishing over RTMP, and the playback edge (stream-service)
 * asking the real playback-auth-service; revocations travel through the real Kafka.
 */
class PrivatePlaybackIT {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern VARIANT = Pattern.compile("\n([^#\n][^\n]*source\\.m3u8)\n");
    private static final Pattern SEGMENT = Pattern.compile("\n((?:st-[A-Za-z0-9]+/)?source-[0-9]+\\.ts)\n");

    private final IvsClient ivs = Suite.clientA();

    @BeforeAll
    static void needsFfmpeg() {
        Encoder.assumeInstalled(true);
    }

    private static Process publish(String streamKey, int seconds) throws Exception {
        return Encoder.publish(Encoder.rtmpUrl(streamKey), seconds, "private-playback-it-");
    }

    /** ES384 compact JWS over the claims (raw R||S signature, as JOSE and IVS require). */
    static String token(PrivateKey key, Map<String, Object> claims) throws Exception {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String input = b64.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "ES384", "typ", "JWT"))) + "."
                + b64.encodeToString(JSON.writeValueAsBytes(claims));
        Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
        s.initSign(key);
        s.update(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + b64.encodeToString(s.sign());
    }

    private static Map<String, Object> claims(String channelArn, long expiresInSeconds, Object... more) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("aws:channel-arn", channelArn);
        c.put("exp", Instant.now().getEpochSecond() + expiresInSeconds);
        for (int i = 0; i < more.length; i += 2) {
            c.put((String) more[i], more[i + 1]);
        }
        return c;
    }

    private static HttpResponse<String> get(String url, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The multivariant playlist with the token: 302 to the edge session's playlist (absolute URL). */
    private static String session(String url, String token, String... headers) throws Exception {
        HttpResponse<String> r = get(url + "?token=" + token, headers);
        assertEquals(302, r.statusCode(), r.body());
        return URI.create(url).resolve(r.headers().firstValue("Location").orElseThrow()).toString();
    }

    private static void refused(String url, String token, String reason, String... headers) throws Exception {
        HttpResponse<String> r = get(url + "?token=" + token, headers);
        assertEquals(403, r.statusCode(), r.body());
        assertTrue(r.body().contains(reason), r.body());
        assertTrue(!r.body().contains(token), "the token is not echoed");
    }

    private static String child(String parentUrl, String body, Pattern p) {
        Matcher m = p.matcher(body);
        String last = null;
        while (m.find()) {
            last = m.group(1);
        }
        assertTrue(last != null, body);
        return parentUrl.substring(0, parentUrl.lastIndexOf('/') + 1) + last;
    }

    private static String run(int seconds, String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(seconds, TimeUnit.SECONDS), "finished in time: " + String.join(" ", cmd));
        String text = new String(out, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text;
    }

    @Test
    void shouldPlayPrivateChannelsOnlyWithValidTokens() throws Exception {
        KeyPair key = PlaybackAuthIT.keyPair("secp384r1");
        KeyPair doomed = PlaybackAuthIT.keyPair("secp384r1");
        KeyPair stranger = PlaybackAuthIT.keyPair("secp384r1");
        List<String> imported = new ArrayList<>();
        CreateChannelResponse created = ivs.createChannel(r -> r.name("private-playback-it").authorized(true)
                .latencyMode("NORMAL").insecureIngest(true));
        String arn = created.channel().arn();
        String url = created.channel().playbackUrl();
        Process encoder = null;
        try {
            imported.add(ivs.importPlaybackKeyPair(r -> r.publicKeyMaterial(PlaybackAuthIT.publicPem(key))).keyPair()
                    .arn());
            String doomedArn = ivs.importPlaybackKeyPair(r -> r.publicKeyMaterial(PlaybackAuthIT.publicPem(doomed)))
                    .keyPair().arn();
            imported.add(doomedArn);
            encoder = publish(created.streamKey().value(), 150);
            String valid = token(key.getPrivate(), claims(arn, 600));
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(url + "?token=" + valid).statusCode() == 302);
            HttpResponse<String> noToken = get(url);
            assertEquals(403, noToken.statusCode());
            assertTrue(noToken.body().contains("token"), noToken.body());

            // valid: standard players follow the redirect into the edge session and decode frames
            String frames = run(90, "ffprobe", "-v", "error", "-select_streams", "v", "-count_frames",
                    "-read_intervals", "%+4", "-show_entries", "stream=codec_name,width,height,nb_read_frames",
                    "-of", "csv=p=0", url + "?token=" + valid);
            Matcher f = Pattern.compile("h264,640,360,([0-9]+)").matcher(frames);
            assertTrue(f.find() && Integer.parseInt(f.group(1)) > 0, frames);
            String s = session(url, valid);
            String media = child(s, get(s).body(), VARIANT);
            HttpResponse<String> playlist = get(media);
            assertEquals(200, playlist.statusCode());
            assertEquals(200, get(child(media, playlist.body(), SEGMENT)).statusCode());
            assertEquals(403, get(media.replaceFirst("/session\\.[A-Za-z0-9_-]+", "")).statusCode(),
                    "child playlists need the session");

            refused(url, token(key.getPrivate(), claims(arn, -10)), "EXPIRED");
            String other = arn.substring(0, arn.lastIndexOf('/') + 1) + "zzzzzzzzzzzz";
            refused(url, token(key.getPrivate(), claims(other, 600)), "CHANNEL_MISMATCH");
            refused(url, token(stranger.getPrivate(), claims(arn, 600)), "INVALID_SIGNATURE");
            refused(url, "not.a-token", "MALFORMED_TOKEN");

            // deleted key pair: its tokens stop verifying
            String byDoomed = token(doomed.getPrivate(), claims(arn, 600));
            session(url, byDoomed);
            ivs.deletePlaybackKeyPair(r -> r.arn(doomedArn));
            imported.remove(doomedArn);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(url + "?token=" + byDoomed).statusCode() == 403);
            refused(url, byDoomed, "INVALID_SIGNATURE");

            // single use: the first playback start spends the token
            String once = token(key.getPrivate(), claims(arn, 300, "aws:single-use-uuid",
                    UUID.randomUUID().toString()));
            String onceSession = session(url, once);
            refused(url, once, "TOKEN_ALREADY_USED");
            assertEquals(200, get(onceSession).statusCode(), "the started session keeps playing");

            // origin: checked at playback start; with strict enforcement on every request of the session
            String origin = token(key.getPrivate(), claims(arn, 600, "aws:access-control-allow-origin",
                    "https://good.example,https://*.cdn.example"));
            refused(url, origin, "ORIGIN_NOT_ALLOWED", "Origin", "https://evil.example");
            HttpResponse<String> cors = get(url + "?token=" + origin, "Origin", "https://a.cdn.example");
            assertEquals(302, cors.statusCode());
            assertEquals("https://a.cdn.example", cors.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            String strict = token(key.getPrivate(), claims(arn, 600, "aws:access-control-allow-origin",
                    "https://good.example", "aws:strict-origin-enforcement", true));
            refused(url, strict, "ORIGIN_NOT_ALLOWED");
            String strictSession = session(url, strict, "Origin", "https://good.example");
            HttpResponse<String> strictMaster = get(strictSession, "Origin", "https://good.example");
            assertEquals(200, strictMaster.statusCode());
            String strictMedia = child(strictSession, strictMaster.body(), VARIANT);
            assertEquals(200, get(strictMedia, "Origin", "https://good.example").statusCode());
            assertEquals(403, get(strictMedia, "Origin", "https://evil.example").statusCode());

            // maximum resolution: the 360p source is within SD
            session(url, token(key.getPrivate(), claims(arn, 300, "aws:maximum-resolution", "SD")));

            // revoked viewer: the running session stops within 5 s; newer session versions still play
            String viewer = "viewer-" + UUID.randomUUID().toString().substring(0, 8);
            String v1 = token(key.getPrivate(), claims(arn, 300, "aws:viewer-id", viewer,
                    "aws:viewer-session-version", 1));
            String v1Session = session(url, v1);
            String v1Media = child(v1Session, get(v1Session).body(), VARIANT);
            assertEquals(200, get(v1Media).statusCode());
            long t0 = System.nanoTime();
            ivs.startViewerSessionRevocation(r -> r.channelArn(arn).viewerId(viewer)
                    .viewerSessionVersionsLessThanOrEqualTo(1));
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                    .until(() -> get(v1Media).statusCode() == 403);
            System.out.printf("StartViewerSessionRevocation to refused playlist: %d ms%n",
                    (System.nanoTime() - t0) / 1_000_000);
            assertEquals(403, get(v1Session).statusCode());
            refused(url, token(key.getPrivate(), claims(arn, 300, "aws:viewer-id", viewer,
                    "aws:viewer-session-version", 1)), "VIEWER_SESSION_REVOKED");
            session(url, token(key.getPrivate(), claims(arn, 300, "aws:viewer-id", viewer,
                    "aws:viewer-session-version", 2)));
            assertTrue(encoder.isAlive(), "the publisher is still live");
        } finally {
            if (encoder != null) {
                encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            imported.forEach(k -> ivs.deletePlaybackKeyPair(r -> r.arn(k)));
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                ivs.deleteChannel(r -> r.arn(arn));
                return true;
            });
        }
    }

    @Test
    void shouldEnforceRestrictionPoliciesOnPublicChannels() throws Exception {
        PlaybackRestrictionPolicy policy = ivs.createPlaybackRestrictionPolicy(r -> r.name("private-playback-it")
                .allowedCountries("DE", "AT").allowedOrigins("https://good.example")).playbackRestrictionPolicy();
        CreateChannelResponse created = ivs.createChannel(r -> r.name("restricted-playback-it").latencyMode("NORMAL")
                .insecureIngest(true).playbackRestrictionPolicyArn(policy.arn()));
        String arn = created.channel().arn();
        String url = created.channel().playbackUrl();
        String[] allowed = {"CloudFront-Viewer-Country", "DE", "Origin", "https://good.example"};
        Process encoder = publish(created.streamKey().value(), 90);
        try {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(250)).ignoreExceptions()
                    .until(() -> get(url, allowed).statusCode() == 200);
            HttpResponse<String> ok = get(url + "?token=ignored", allowed);
            assertEquals(200, ok.statusCode(), "public channels ignore tokens");
            assertEquals("https://good.example", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(""));
            assertEquals(403, get(url, "Origin", "https://good.example").statusCode(), "no viewer country");
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "FR", "Origin", "https://good.example")
                    .statusCode());
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "DE", "Origin", "https://evil.example")
                    .statusCode());
            assertEquals(403, get(url, "CloudFront-Viewer-Country", "DE").statusCode(), "no Origin");
            String media = child(url, ok.body(), VARIANT);
            assertEquals(200, get(media, "CloudFront-Viewer-Country", "AT").statusCode(), "origin only on the"
                    + " multivariant playlist without strict enforcement");
            String frames = run(90, "ffprobe", "-v", "error", "-headers",
                    "CloudFront-Viewer-Country: DE\r\nOrigin: https://good.example\r\n", "-select_streams", "v",
                    "-count_frames", "-read_intervals", "%+4", "-show_entries", "stream=nb_read_frames", "-of",
                    "csv=p=0", url);
            assertTrue(Integer.parseInt(frames.strip().split("\\s+")[0]) > 0, frames);

            ivs.updatePlaybackRestrictionPolicy(r -> r.arn(policy.arn()).enableStrictOriginEnforcement(true));
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> get(media, "CloudFront-Viewer-Country", "AT").statusCode() == 403);
            assertEquals(200, get(media, "CloudFront-Viewer-Country", "AT", "Origin", "https://good.example")
                    .statusCode());
        } finally {
            encoder.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> {
                ivs.deleteChannel(r -> r.arn(arn));
                return true;
            });
            ivs.deletePlaybackRestrictionPolicy(r -> r.arn(policy.arn()));
        }
    }
}
