package dev.openivs.stream.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.support.Ids;
import dev.openivs.events.context.SafeContext;
import dev.openivs.internal.InternalJson;
import dev.openivs.internal.stream.StreamClient;
import dev.openivs.stream.repository.StreamSessionEntity;
import dev.openivs.stream.session.StreamSessionService;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * stream-service's internal answers read as channel-service reads them (StreamClient's records): a renamed,
 * dropped or retyped member fails here.
 */
@QuarkusTest
class InternalContractTest {
    private static final String ACCOUNT = "123456789012";

    @Inject
    StreamSessionService sessions;

    @Inject
    Vertx vertx;

    private static StreamClient.Live live(String channelArn) {
        String body = given().header("x-ivs-internal-token", "local-internal-token")
                .queryParam("channelArn", channelArn).get("/internal/streams/live")
                .then().statusCode(200).extract().asString();
        JsonNode json = InternalJson.tree(body);
        assertTrue(json.path("live").isBoolean(), body);
        return InternalJson.read(json, StreamClient.Live.class);
    }

    @Test
    void shouldAnswerWhetherAChannelIsLive() {
        String channelArn = "arn:aws:ivs:us-west-2:" + ACCOUNT + ":channel/" + Ids.resourceId();
        assertEquals(false, live(channelArn).live());

        StreamSessionEntity s = new StreamSessionEntity();
        s.streamId = "st-" + Ids.alnum(23);
        s.account = ACCOUNT;
        s.channelArn = channelArn;
        s.channelName = "contract";
        s.startTime = Instant.now();
        s.health = "HEALTHY";
        s.transport = "rtmp";
        s.channelJson = "{\"arn\":\"" + channelArn + "\"}";
        s.ownerInstance = "contract-test";
        s.ownerUrl = "http://127.0.0.1:1";
        s.heartbeatAt = Instant.now();
        SafeContext.on(vertx, () -> sessions.create(s, "")).await().atMost(Duration.ofSeconds(10));
        try {
            assertEquals(true, live(channelArn).live());
        } finally {
            SafeContext.on(vertx, () -> sessions.end(s.streamId, null, "test", Instant.now()))
                    .await().atMost(Duration.ofSeconds(10));
        }
    }
}
