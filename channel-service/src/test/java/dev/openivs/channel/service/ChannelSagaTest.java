package dev.openivs.channel.service;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.atLeastOnce;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.doReturn;

import dev.openivs.aws.errors.ValidationException;
import dev.openivs.channel.ChannelTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import jakarta.ws.rs.ProcessingException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CreateChannel/DeleteChannel across services: never a channel without its key, compensation, sweeper, events. */
@QuarkusTest
class ChannelSagaTest extends ChannelTestBase {
    @Inject
    Pool pool;
    @Inject
    CreatingChannelSweeper sweeper;

    @Test
    void shouldLeaveNothingBehindWhenStreamkeyServiceIsDown() throws Throwable {
        doReturn(Uni.createFrom().failure(new ProcessingException("Connection refused")))
                .when(streamKeys).create(anyString(), any());
        assertError(call("CreateChannel", "{\"name\": \"doomed\", \"tags\": {\"a\": \"b\"}}"), 503,
                "ServiceUnavailable", equalTo("The service is temporarily unavailable."));
        call("ListChannels", "{}").statusCode(200).body("channels", empty());
        assertEquals(0L, count("SELECT count(*) FROM channel WHERE account = $1"));
        verify(streamKeys, atLeastOnce()).deleteAll(eq(account), anyString());
    }

    @Test
    void shouldUndoTheKeyWhenTaggingFails() throws Throwable {
        doReturn(Uni.createFrom().failure(
                new ValidationException("Tag quota exceeded."))).when(tagging).set(anyString(), any());
        assertError(call("CreateChannel", "{\"tags\": {\"a\": \"b\"}}"), 400, "ValidationException",
                equalTo("Tag quota exceeded."));
        assertTrue(fake.keysByChannel.isEmpty(), "the key made for the channel is deleted again");
        assertEquals(0L, count("SELECT count(*) FROM channel WHERE account = $1"));
    }

    @Test
    void shouldSweepChannelsWhoseCreationNeverCompleted() throws Throwable {
        String arn = arnOf("channel", "stale" + account.substring(0, 7));
        fake.keysByChannel.put(arn, new dev.openivs.internal.streamkey.StreamKey("k", "v", arn, java.util.Map.of()));
        VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery("""
                INSERT INTO channel (id, account, arn, name, latency_mode, type, authorized, insecure_ingest, preset,
                  container_format, multitrack_enabled, multitrack_policy, multitrack_maximum_resolution,
                  srt_passphrase, state, created_at, updated_at)
                VALUES ($1, $2, $3, '', 'LOW', 'STANDARD', false, false, '', 'TS', false, 'ALLOW', 'FULL_HD', 'x',
                  'CREATING', now() - interval '5 minutes', now())""")
                .execute(Tuple.of(arn.substring(arn.lastIndexOf('/') + 1), account, arn)));
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(404);
        call("ListChannels", "{}").statusCode(200).body("channels", empty());
        Integer undone = VertxContextSupport.subscribeAndAwait(() -> sweeper.sweep());
        assertTrue(undone >= 1);
        assertEquals(0L, count("SELECT count(*) FROM channel WHERE account = $1"));
        assertFalse(fake.keysByChannel.containsKey(arn));
    }

    @Test
    void shouldNotSweepAChannelBeingCreatedNow() throws Throwable {
        String arn = createChannel("{}");
        VertxContextSupport.subscribeAndAwait(() -> sweeper.sweep());
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(200);
    }

    @Test
    void shouldKeepTheChannelWhenStreamkeyServiceCannotDeleteItsKeys() {
        String arn = createChannel("{}");
        doReturn(Uni.createFrom().failure(new ProcessingException("Connection refused")))
                .when(streamKeys).deleteAll(anyString(), anyString());
        assertError(call("DeleteChannel", "{\"arn\": \"" + arn + "\"}"), 503, "ServiceUnavailable",
                notNullValue(String.class));
        call("GetChannel", "{\"arn\": \"" + arn + "\"}").statusCode(200);
    }

    @Test
    void shouldDeleteEvenWhenStreamServiceCannotTellWhetherItIsLive() {
        String arn = createChannel("{}");
        doReturn(Uni.createFrom().failure(new ProcessingException("refused"))).when(streams).live(anyString());
        call("DeleteChannel", "{\"arn\": \"" + arn + "\"}").statusCode(204);
    }

    @Test
    void shouldAnswerServiceUnavailableWhenTaggingIsDownForReads() {
        String arn = createChannel("{}");
        doReturn(Uni.createFrom().failure(new ProcessingException("down")))
                .when(tagging).query(anyString(), any());
        assertError(call("GetChannel", "{\"arn\": \"" + arn + "\"}"), 503, "ServiceUnavailable",
                notNullValue(String.class));
    }

    @Test
    void shouldWriteStateChangeAndCloudTrailEventsWithoutSecrets() throws Throwable {
        String arn = createChannel("{\"name\": \"evented\"}");
        String passphrase = call("GetChannel", "{\"arn\": \"" + arn + "\"}").extract().path("channel.srt.passphrase");
        call("UpdateChannel", "{\"arn\": \"" + arn + "\", \"name\": \"renamed\"}").statusCode(200);
        call("DeleteChannel", "{\"arn\": \"" + arn + "\"}").statusCode(204);
        List<Row> rows = outbox(arn);
        List<String> types = rows.stream().map(r -> r.getString("type")).toList();
        assertEquals(List.of("ChannelCreated.v1", "AWS API Call via CloudTrail", "ChannelUpdated.v1",
                "AWS API Call via CloudTrail", "ChannelDeleted.v1", "AWS API Call via CloudTrail"), types);
        String key = fake.keysByChannel.isEmpty() ? "sk_us-west-2_" : "unused";
        for (Row r : rows) {
            String payload = r.getString("payload");
            assertFalse(payload.contains(passphrase), "no event carries the SRT passphrase");
            assertFalse(payload.contains(key + "x".repeat(12)), "no event carries the stream key value");
            assertEquals(arn, r.getString("msg_key"));
        }
        assertEquals("ivs.channel", rows.get(0).getString("topic"));
        assertEquals("ivs.eventbridge", rows.get(1).getString("topic"));
        assertTrue(rows.get(1).getString("payload").contains("\"eventName\":\"CreateChannel\""));
    }

    @Test
    void shouldAnswerInternalCallsAboutChannels() {
        String rc = arnOf("recording-configuration", "rcint");
        fake.recordingConfigurations.add(rc);
        String arn = createChannel("{\"name\": \"internal\", \"recordingConfigurationArn\": \"" + rc + "\"}");
        api().get("/internal/resources?arn=" + arn).then().statusCode(200).body("arn", equalTo(arn));
        assertError(api(randomAccount()).get("/internal/resources?arn=" + arn).then(), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertError(api().get("/internal/resources?arn=nonsense").then(), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        io.restassured.RestAssured.given().header("x-ivs-internal-token", TOKEN).queryParam("arn", arn)
                .get("/internal/channels").then().statusCode(200)
                .body("name", equalTo("internal"))
                .body("recordingConfigurationArn", equalTo(rc))
                .body("srt.passphrase", notNullValue());
        api().queryParam("recordingConfigurationArn", rc).get("/internal/channels/references").then()
                .statusCode(200).body("count", equalTo(1));
        api().queryParam("playbackRestrictionPolicyArn", arnOf("playback-restriction-policy", "none"))
                .get("/internal/channels/references").then().statusCode(200).body("count", equalTo(0));
        assertError(api().get("/internal/channels/references").then(), 400, "ValidationException",
                containsString("exactly one"));
        assertError(io.restassured.RestAssured.given().queryParam("arn", arn).get("/internal/channels").then(), 403,
                "AccessDeniedException", notNullValue(String.class));
    }

    private long count(String sql) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool.preparedQuery(sql).execute(Tuple.of(account))
                .map(rs -> rs.iterator().next().getLong(0)));
    }

    private List<Row> outbox(String arn) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> pool
                .preparedQuery("SELECT type, topic, msg_key, payload FROM outbox_event WHERE msg_key = $1 ORDER BY seq")
                .execute(Tuple.of(arn)).map(rs -> {
                    List<Row> out = new ArrayList<>();
                    rs.forEach(out::add);
                    return out;
                }));
    }
}
