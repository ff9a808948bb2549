package dev.openivs.playbackauth.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.InternalJson;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.playbackauth.PlaybackAuthClient;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.playbackauth.TestTokens;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import java.security.KeyPair;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * playback-auth-service's internal answers read as channel-service and the playback edge read them
 * (PlaybackAuthClient's records): a renamed, dropped or retyped member that a caller uses fails here.
 */
@QuarkusTest
class InternalContractTest {
    @InjectMock
    ResourceTags tags;

    String account;

    @BeforeEach
    void freshAccount() {
        account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        when(tags.set(anyString(), anyString(), anyMap())).thenReturn(Uni.createFrom().voidItem());
        when(tags.of(anyString(), anyString())).thenReturn(Uni.createFrom().item(Map.of()));
        when(tags.of(anyString(), anyCollection())).thenReturn(Uni.createFrom().item(Map.of()));
    }

    RequestSpecification as(String acct) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", acct).contentType("application/json");
    }

    @Test
    void shouldServeAPolicyAsChannelServiceAndTheEdgeReadIt() {
        String arn = as(account).body(Map.of("allowedCountries", List.of("DE"), "allowedOrigins",
                List.of("https://example.com"), "enableStrictOriginEnforcement", true))
                .post("/CreatePlaybackRestrictionPolicy").then().statusCode(200)
                .extract().path("playbackRestrictionPolicy.arn");
        String body = as(account).queryParam("arn", arn).get("/internal/playback-restriction-policies")
                .then().statusCode(200).extract().asString();
        JsonNode json = InternalJson.tree(body);
        assertTrue(json.path("allowedCountries").isArray() && json.path("allowedOrigins").isArray(), body);
        assertTrue(json.path("enableStrictOriginEnforcement").isBoolean(), body);
        assertEquals(new PlaybackAuthClient.Policy(arn, List.of("DE"), List.of("https://example.com"), true),
                InternalJson.read(json, PlaybackAuthClient.Policy.class));
        assertEquals(arn, InternalJson.read(as(account).queryParam("arn", arn).get("/internal/resources")
                .then().statusCode(200).extract().asString(), ResourceRef.class).arn());
    }

    @Test
    void shouldAnswerAVerdictAsTheEdgeReadsIt() throws Exception {
        KeyPair key = TestTokens.p384();
        as(account).body(Map.of("publicKeyMaterial", TestTokens.pem(key.getPublic())))
                .post("/ImportPlaybackKeyPair").then().statusCode(200);
        String channel = "arn:aws:ivs:us-west-2:" + account + ":channel/" + Ids.resourceId();
        String token = TestTokens.token(key.getPrivate(), Map.of("aws:channel-arn", channel,
                "exp", Instant.now().getEpochSecond() + 300, "aws:maximum-resolution", "SD",
                "aws:access-control-allow-origin", "https://example.com", "aws:viewer-id", "v1",
                "aws:viewer-session-version", 3, "aws:strict-origin-enforcement", true));
        String body = as(account).body(new PlaybackAuthClient.VerifyRequest(token, channel, "https://example.com",
                "127.0.0.1")).post("/internal/playback-tokens/verify").then().statusCode(200).extract().asString();
        JsonNode json = InternalJson.tree(body);
        assertTrue(json.path("allowed").isBoolean() && json.path("reason").isTextual(), body);
        assertTrue(json.path("viewerSessionVersion").isIntegralNumber(), body);
        assertEquals(new PlaybackAuthClient.Verdict(true, "OK", "v1", 3L, "SD", "https://example.com", true, null),
                InternalJson.read(json, PlaybackAuthClient.Verdict.class));
    }
}
