package dev.openivs.stream.rest;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.IngestFixture;
import dev.openivs.stream.ingest.rtmp.RtmpServer;
import dev.openivs.stream.live.LiveStream;
import dev.openivs.stream.live.LiveStreams;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.session.StreamSessionService;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stream operations' wire contract: errors, pagination, PutMetadata, crash safety. */
@QuarkusTest
class StreamApiTest {
    @InjectMock
    @RestClient
    StreamKeyClient keyClient;

    @InjectMock
    @RestClient
    ChannelClient channelClient;

    @InjectMock
    @RestClient
    TaggingClient taggingClient;

    @Inject
    StreamSessionService sessions;

    @Inject
    LiveStreams live;

    @Inject
    RtmpServer server;

    @Inject
    Vertx vertx;

    IngestFixture fixture;

    @BeforeEach
    void fakes() {
        fixture = new IngestFixture(keyClient, channelClient, taggingClient);
    }

    static ValidatableResponse call(String operation, String body) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT)
                .contentType("application/json").body(body)
                .when().post("/" + operation).then();
    }

    private static String arnBody(String arn) {
        return "{\"channelArn\":\"" + arn + "\"}";
    }

    /** A session row as a replica would write it, with the given heartbeat and end. */
    private StreamSessionEntity session(String channelArn, Instant start, Instant heartbeat, String owner) {
        StreamSessionEntity s = new StreamSessionEntity();
        s.streamId = "st-" + Ids.alnum(23);
        s.account = IngestFixture.ACCOUNT;
        s.channelArn = channelArn;
        s.channelName = "test";
        s.playbackUrl = "http://127.0.0.1:8090/x.m3u8";
        s.startTime = start;
        s.health = "HEALTHY";
        s.transport = "rtmp";
        s.channelJson = "{\"arn\":\"" + channelArn + "\"}";
        s.ownerInstance = owner;
        s.ownerUrl = "http://127.0.0.1:1";
        s.heartbeatAt = heartbeat;
        SafeContext.on(vertx, () -> sessions.create(s, "")).await().atMost(Duration.ofSeconds(10));
        return s;
    }

    private void end(StreamSessionEntity s) {
        SafeContext.on(vertx, () -> sessions.end(s.streamId, null, "test", Instant.now()))
                .await().atMost(Duration.ofSeconds(10));
    }

    @Test
    void shouldRefuseMalformedChannelArn() {
        call("GetStream", arnBody("arn:aws:ivs:us-west-2:123456789012:stage/abc")).statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
        call("GetStream", "{}").statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        call("GetStreamSession", "{\"channelArn\":\"arn:aws:ivs:us-west-2:123456789012:channel/abc\","
                + "\"streamId\":\"st-short\"}").statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        call("ListStreams", "{\"maxResults\":0}").statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        call("ListStreams", "{\"filterBy\":{\"health\":\"GREAT\"}}").statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
    }

    @Test
    void shouldHideAnotherAccountsChannelAsNotFound() {
        call("GetStream", arnBody("arn:aws:ivs:us-west-2:210987654321:channel/abcdABCDefgh")).statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void shouldAnswerChannelNotBroadcastingForAnOfflineChannelAndNotFoundForAMissingOne() {
        String[] ch = fixture.channel("STANDARD", true);
        for (String op : List.of("GetStream", "StopStream")) {
            call(op, arnBody(ch[0])).statusCode(404).header("x-amzn-ErrorType", "ChannelNotBroadcasting")
                    .body("exceptionMessage", equalTo("The stream is offline for the given channel ARN."));
        }
        call("PutMetadata", "{\"channelArn\":\"" + ch[0] + "\",\"metadata\":\"x\"}").statusCode(404)
                .header("x-amzn-ErrorType", "ChannelNotBroadcasting");
        String missing = "arn:aws:ivs:us-west-2:123456789012:channel/" + Ids.resourceId();
        call("GetStream", arnBody(missing)).statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
        call("GetStreamSession", arnBody(missing)).statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        call("ListStreamSessions", arnBody(missing)).statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        call("ListStreamSessions", arnBody(ch[0])).statusCode(200).body("streamSessions", hasSize(0))
                .body("nextToken", nullValue());
    }

    @Test
    void shouldRefuseMetadataAboveOneKilobyte() {
        String[] ch = fixture.channel("STANDARD", true);
        call("PutMetadata", "{\"channelArn\":\"" + ch[0] + "\",\"metadata\":\"" + "é".repeat(513) + "\"}")
                .statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        call("PutMetadata", "{\"channelArn\":\"" + ch[0] + "\",\"metadata\":\"\"}").statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
    }

    @Test
    void shouldQueueMetadataWhileLiveAndThrottleAboveFivePerSecond() throws Exception {
        assumeTrue(Ffmpeg.available());
        String[] ch = fixture.channel("STANDARD", true);
        try (Ffmpeg ffmpeg = Ffmpeg.publishFixture("rtmp://127.0.0.1:" + server.rtmpPort() + "/app/" + ch[1])) {
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    call("GetStream", arnBody(ch[0])).extract().statusCode() == 200);
            // 20 calls at once: the per-channel quota (5 per second) lets at most 5 through per second window
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(20);
            List<java.util.concurrent.Future<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                int n = i;
                calls.add(pool.submit(() -> call("PutMetadata", "{\"channelArn\":\"" + ch[0]
                        + "\",\"metadata\":\"{\\\"n\\\":" + n + "}\"}").extract().statusCode()));
            }
            List<Integer> codes = new ArrayList<>();
            for (var f : calls) {
                codes.add(f.get());
            }
            pool.shutdown();
            long accepted = codes.stream().filter(c -> c == 204).count();
            assertTrue(codes.stream().allMatch(c -> c == 204 || c == 429), codes.toString());
            assertTrue(accepted >= 1 && accepted <= 10, codes.toString());
            LiveStream stream = live.get(ch[0]).orElseThrow();
            assertEquals(accepted, stream.timedMetadata().size());
            assertTrue(stream.timedMetadata().get(0).payload().startsWith("{\"n\":"));
            call("StopStream", arnBody(ch[0])).statusCode(200);
        }
    }

    @Test
    void shouldPageThroughStreamSessionsNewestFirst() {
        String[] ch = fixture.channel("STANDARD", true);
        Instant t = Instant.now().truncatedTo(ChronoUnit.MILLIS).minusSeconds(100);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            StreamSessionEntity s = session(ch[0], t.plusSeconds(i), Instant.now(), "test");
            end(s);
            ids.add(0, s.streamId);
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            ValidatableResponse r = call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\",\"maxResults\":2"
                    + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}").statusCode(200);
            seen.addAll(r.extract().path("streamSessions.streamId"));
            token = r.extract().path("nextToken");
        } while (token != null);
        assertEquals(ids, seen);
        call("ListStreamSessions", "{\"channelArn\":\"" + ch[0] + "\",\"nextToken\":\"bm90LWEtdG9rZW4\"}")
                .statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        call("GetStreamSession", arnBody(ch[0])).statusCode(200)
                .body("streamSession.streamId", equalTo(ids.get(0)))
                .body("streamSession.endTime", notNullValue())
                .body("streamSession.truncatedEvents.name", equalTo(List.of("Session Ended", "Session Created")));
    }

    @Test
    void shouldReturnTheSessionsChannelWithItsCurrentTags() {
        String[] ch = fixture.channel("STANDARD", true);
        session(ch[0], Instant.now().minusSeconds(10), Instant.now(), "test");
        call("GetStreamSession", arnBody(ch[0])).statusCode(200)
                .body("streamSession.channel.arn", equalTo(ch[0]))
                .body("streamSession.channel.tags", equalTo(java.util.Map.of()));
        fixture.tag(ch[0], java.util.Map.of("team", "blue", "env", "test"));
        call("GetStreamSession", arnBody(ch[0])).statusCode(200)
                .body("streamSession.channel.tags", equalTo(java.util.Map.of("team", "blue", "env", "test")));
    }

    @Test
    void shouldPageThroughLiveStreamsAndFilterByHealth() {
        Set<String> channels = new HashSet<>();
        List<StreamSessionEntity> rows = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String[] ch = fixture.channel("STANDARD", true);
            channels.add(ch[0]);
            rows.add(session(ch[0], Instant.now(), Instant.now(), "test"));
        }
        Set<String> seen = new HashSet<>();
        String token = null;
        do {
            ValidatableResponse r = call("ListStreams", "{\"maxResults\":1,\"filterBy\":{\"health\":\"HEALTHY\"}"
                    + (token == null ? "" : ",\"nextToken\":\"" + token + "\"") + "}").statusCode(200);
            List<String> page = r.extract().path("streams.channelArn");
            assertTrue(page.size() <= 1);
            seen.addAll(page);
            token = r.extract().path("nextToken");
        } while (token != null);
        assertTrue(seen.containsAll(channels), seen + " contains " + channels);
        call("ListStreams", "{\"filterBy\":{\"health\":\"STARVING\"}}").statusCode(200)
                .body("streams.findAll { it.channelArn == '" + rows.get(0).channelArn + "' }", hasSize(0));
        given().header("x-ivs-internal-token", "local-internal-token").queryParam("channelArn", rows.get(0).channelArn)
                .when().get("/internal/streams/live").then().statusCode(200).body("live", equalTo(true));
        rows.forEach(this::end);
    }

    @Test
    void shouldEndSessionsOfAReplicaThatStoppedItsHeartbeat() {
        String[] ch = fixture.channel("STANDARD", true);
        StreamSessionEntity s = session(ch[0], Instant.now().minusSeconds(120), Instant.now().minusSeconds(60),
                "dead-replica");
        await().atMost(Duration.ofSeconds(30)).until(() ->
                call("GetStream", arnBody(ch[0])).extract().statusCode() == 404);
        call("GetStreamSession", arnBody(ch[0])).statusCode(200)
                .body("streamSession.streamId", equalTo(s.streamId))
                .body("streamSession.truncatedEvents[0].name", equalTo("Session Ended"));
    }

    @Test
    void shouldStopASessionWhoseHolderIsUnreachable() {
        String[] ch = fixture.channel("STANDARD", true);
        session(ch[0], Instant.now(), Instant.now(), "other-replica");
        call("StopStream", arnBody(ch[0])).statusCode(200).body(equalTo("{}"));
        call("GetStream", arnBody(ch[0])).statusCode(404).header("x-amzn-ErrorType", "ChannelNotBroadcasting");
    }

    @Test
    void shouldRequireTheInternalToken() {
        given().contentType("application/json").body("{}").when().post("/ListStreams").then().statusCode(403)
                .header("x-amzn-ErrorType", "AccessDeniedException");
    }
}
