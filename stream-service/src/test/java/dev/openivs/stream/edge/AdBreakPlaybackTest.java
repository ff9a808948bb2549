package dev.openivs.stream.edge;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.internal.stream.PeerClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.format.ts.Scte35;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.PublishingTest;
import dev.openivs.stream.media.AdBreak;
import io.lindstrom.m3u8.model.DateRange;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.ParsingMode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URL;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * InsertAdBreak on live channels published by ffmpeg: the break appears at the live edge of the NORMAL (MPEG-TS) and
 * LOW (fMP4 parts) media playlists with both marker forms (EXT-X-DATERANGE with SCTE35-OUT/IN, EXT-X-CUE-OUT/IN) and
 * the requested duration, read back by io.lindstrom:m3u8-parser; the operation's errors.
 */
@QuarkusTest
class AdBreakPlaybackTest extends PublishingTest {
    private static final String AD_CONFIGURATION =
            "arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":ad-configuration/adsAdsAds123";

    @Inject
    PlaybackServer playback;

    @TestHTTPResource("/")
    URL base;

    static ValidatableResponse insert(String body) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT)
                .contentType("application/json").body(body)
                .when().post("/InsertAdBreak").then();
    }

    private static String body(String channelArn, int seconds) {
        return "{\"channelArn\":\"" + channelArn + "\",\"durationSeconds\":" + seconds + "}";
    }

    private static void assertError(ValidatableResponse r, int status, String type, String message) {
        r.statusCode(status).header("x-amzn-ErrorType", type).body("message", containsString(message));
    }

    @Test
    void shouldMarkTheBreakInANormalChannelsPlaylist() throws Exception {
        markedBreak("NORMAL", 4);
    }

    @Test
    void shouldMarkTheBreakInALowLatencyChannelsPlaylist() throws Exception {
        markedBreak("LOW", 3);
    }

    @Test
    void shouldRefuseBadInputOfflineChannelsAndChannelsWithoutAnAdConfiguration() throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], "NORMAL");
        assertError(insert(body(ch[0], 0)), 400, "ValidationException",
                "Value at 'durationSeconds' failed to satisfy constraint: "
                        + "Member must have value greater than or equal to 1");
        assertError(insert(body(ch[0], 301)), 400, "ValidationException",
                "Member must have value less than or equal to 300");
        assertError(insert("{\"channelArn\":\"" + ch[0] + "\"}"), 400, "ValidationException",
                "Value at 'durationSeconds' failed to satisfy constraint: Member must not be null");
        assertError(insert("{\"durationSeconds\": 5}"), 400, "ValidationException", "Value at 'channelArn'");
        assertError(insert(body("arn:aws:ivs:us-west-2:1:stream-key/x", 5)), 400, "ValidationException",
                "Member must satisfy regular expression pattern");
        assertError(insert(body("arn:aws:ivs:us-west-2:999999999999:channel/theirs", 5)), 404,
                "ResourceNotFoundException", "");
        assertError(insert(body("arn:aws:ivs:us-west-2:" + IngestFixture.ACCOUNT + ":channel/missing", 5)), 404,
                "ResourceNotFoundException", "");
        assertError(insert(body(ch[0], 5)), 404, "ChannelNotBroadcasting", "");

        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 30)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> given().header("x-ivs-internal-token",
                    "local-internal-token").header("x-ivs-account-id", IngestFixture.ACCOUNT)
                    .contentType("application/json").body("{\"channelArn\":\"" + ch[0] + "\"}")
                    .post("/GetStream").then().extract().statusCode() == 200);
            assertError(insert(body(ch[0], 5)), 409, "ConflictException", "no ad configuration");
        }
    }

    private void markedBreak(String latencyMode, int seconds) throws Exception {
        String[] ch = fixture.channel("STANDARD", true);
        fixture.latencyMode(ch[0], latencyMode);
        fixture.adConfiguration(ch[0], AD_CONFIGURATION);
        String url = PlaylistUrls.multivariantUrl(playback.port(), ch[0]);
        try (Ffmpeg ffmpeg = Ffmpeg.publishTestPattern(rtmp(ch[1]), 40)) {
            await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(200))
                    .until(() -> given().get(url).then().extract().statusCode() == 200);
            String mediaUrl = PlaylistUrls.sourceMediaUrl(url, given().get(url).asString());
            await().atMost(Duration.ofSeconds(20)).until(() -> given().get(mediaUrl).asString().contains("#EXTINF"));
            String before = given().get(mediaUrl).asString();
            assertFalse(before.contains("CUE-OUT"), before);

            Instant asked = Instant.now();
            String id = insert(body(ch[0], seconds)).statusCode(200)
                    .body("adBreakId", org.hamcrest.Matchers.matchesPattern("[a-zA-Z0-9]{12}"))
                    .extract().path("adBreakId");
            String[] text = {null};
            await().atMost(Duration.ofSeconds(seconds + 15L)).pollInterval(Duration.ofMillis(250)).until(() -> {
                text[0] = given().get(mediaUrl).asString();
                // (LOW: until the segment after the break is whole, not only its parts)
                int cueIn = text[0].indexOf("#EXT-X-CUE-IN");
                return cueIn >= 0 && text[0].indexOf("#EXTINF", cueIn) > 0;
            });
            Duration untilIn = Duration.between(asked, Instant.now());
            MediaPlaylist p = new MediaPlaylistParser(ParsingMode.LENIENT).readPlaylist(text[0]);
            List<MediaSegment> segments = p.mediaSegments();
            int[] bounds = PlaylistUrls.adBreakBounds(segments);
            int out = bounds[0];
            int in = bounds[1];
            assertTrue(out >= 0 && in > out, text[0]);
            assertEquals(seconds, segments.get(out).cueOut().orElseThrow(), 1e-9, text[0]);
            DateRange outRange = segments.get(out).dateRange().orElseThrow();
            long eventId = AdBreak.of(id, seconds, asked).eventId();
            assertEquals(id, outRange.id());
            assertEquals(seconds, outRange.plannedDuration().orElseThrow(), 1e-9);
            assertEquals(Scte35.hex(Scte35.spliceOut(eventId, seconds)), outRange.scte35Out().orElseThrow());
            assertEquals(segments.get(out).programDateTime().orElseThrow(), outRange.startDate());
            // at the live edge: the break starts within two segments of the call (NORMAL: the segment being written,
            // LOW: the next one; program date-times follow the encoder's clock, which may run a little ahead or behind)
            long startOffset = Duration.between(asked, outRange.startDate().toInstant()).toMillis();
            assertTrue(startOffset > -4000 && startOffset < 5000, "break starts " + startOffset + " ms after the call");

            DateRange inRange = segments.get(in).dateRange().orElseThrow();
            assertEquals(id, inRange.id());
            assertEquals(outRange.startDate(), inRange.startDate());
            assertEquals(Scte35.hex(Scte35.spliceIn(eventId)), inRange.scte35In().orElseThrow());
            double breakSeconds = segments.subList(out, in).stream().mapToDouble(MediaSegment::duration).sum();
            assertEquals(breakSeconds, inRange.duration().orElseThrow(), 0.05, text[0]);
            assertTrue(breakSeconds >= seconds - 0.05 && breakSeconds < seconds + 2.1,
                    "the break lasts whole segments from its duration on: " + breakSeconds);
            System.out.printf("InsertAdBreak(%d s) on a %s channel: break %s from %s for %.3f s (%d segments), "
                    + "its end segment complete %d ms after the call%n", seconds, latencyMode, id, outRange.startDate(),
                    breakSeconds, in - out, untilIn.toMillis());
            insert(body(ch[0], 2)).statusCode(200).body("adBreakId", org.hamcrest.Matchers.not(equalTo(id)));

            // the replica-to-replica hop (PeerClient, as StreamService calls the holder of a session): here the
            // holder is this instance, so the forwarded break lands in this channel's playlist
            PeerClient peer = QuarkusRestClientBuilder.newBuilder().baseUri(base.toURI()).build(PeerClient.class);
            peer.adBreak(ch[0], new PeerClient.AdBreakForward("peerPeer1234", 2)).await().atMost(Duration.ofSeconds(5));
            await().atMost(Duration.ofSeconds(10)).until(() -> given().get(mediaUrl).asString()
                    .contains("#EXT-X-DATERANGE:ID=\"peerPeer1234\""));
        }
        // the hop for a stream this replica does not hold: ChannelNotBroadcasting, as the caller maps it
        PeerClient peer = QuarkusRestClientBuilder.newBuilder().baseUri(base.toURI()).build(PeerClient.class);
        try {
            peer.adBreak(ch[0] + "gone", new PeerClient.AdBreakForward("peerPeer5678", 2))
                    .await().atMost(Duration.ofSeconds(5));
            org.junit.jupiter.api.Assertions.fail("a channel not held here is not broadcasting");
        } catch (AwsException e) {
            assertEquals(AwsErrorShape.ChannelNotBroadcasting, e.shape(), "as the holder answered");
        }
    }
}
