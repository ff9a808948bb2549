package dev.openivs.playbackauth.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.channel.ChannelReferencesClient;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.playbackauth.TestTokens;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key pairs, revocations, restriction policies and token verification over HTTP against real PostgreSQL. */
@QuarkusTest
class PlaybackAuthResourceTest {
    @InjectMock
    ResourceTags tags;
    @InjectMock
    @RestClient
    ChannelReferencesClient channels;
    @Inject
    Pool pool;

    String account;

    @BeforeEach
    void freshAccountAndFriendlyNeighbours() {
        account = String.valueOf(ThreadLocalRandom.current().nextLong(100_000_000_000L, 999_999_999_999L));
        when(tags.set(anyString(), anyString(), anyMap())).thenReturn(Uni.createFrom().voidItem());
        when(tags.of(anyString(), anyString())).thenReturn(Uni.createFrom().item(Map.of()));
        when(tags.of(anyString(), anyCollection())).thenAnswer(inv -> {
            Map<String, Map<String, String>> m = new HashMap<>();
            for (Object a : (java.util.Collection<?>) inv.getArgument(1)) {
                m.put((String) a, Map.of());
            }
            return Uni.createFrom().item(m);
        });
        when(tags.deleteQuietly(anyString(), anyString())).thenReturn(Uni.createFrom().voidItem());
        when(channels.channel(anyString())).thenAnswer(inv -> Uni.createFrom()
                .item(new ChannelReferencesClient.ResourceRef(inv.getArgument(0))));
        when(channels.referencesToPlaybackRestrictionPolicy(anyString()))
                .thenReturn(Uni.createFrom().item(new ChannelReferencesClient.ReferenceCount(0)));
    }

    RequestSpecification as(String acct) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", acct).contentType("application/json");
    }

    ValidatableResponse call(String operation, Object body) {
        return as(account).body(body).post("/" + operation).then();
    }

    String channel() {
        return "arn:aws:ivs:us-west-2:" + account + ":channel/" + Ids.resourceId();
    }

    String importKey(KeyPair key) {
        return call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", TestTokens.pem(key.getPublic())))
                .statusCode(200).extract().path("keyPair.arn");
    }

    // ---- key pairs

    @Test
    void shouldImportAP384KeyWithAStableMd5Fingerprint() throws Exception {
        KeyPair key = TestTokens.p384();
        byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getPublic().getEncoded());
        StringBuilder expected = new StringBuilder();
        for (byte b : md5) {
            expected.append(expected.length() == 0 ? "" : ":").append(String.format("%02x", b));
        }
        String arn = call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", TestTokens.pem(key.getPublic()),
                "name", "my-key", "tags", Map.of("k", "v"))).statusCode(200)
                .body("keyPair.arn", matchesPattern("arn:aws:ivs:us-west-2:" + account + ":playback-key/[A-Za-z0-9]{12}"))
                .body("keyPair.name", equalTo("my-key"))
                .body("keyPair.fingerprint", equalTo(expected.toString()))
                .body("keyPair.fingerprint", matchesPattern("([0-9a-f]{2}:){15}[0-9a-f]{2}"))
                .body("keyPair.tags.k", equalTo("v"))
                .extract().path("keyPair.arn");
        call("GetPlaybackKeyPair", Map.of("arn", arn)).statusCode(200)
                .body("keyPair.fingerprint", equalTo(expected.toString()))
                .body("keyPair.name", equalTo("my-key")).body("keyPair.tags", anEmptyMap())
                .body("keyPair.publicKeyMaterial", nullValue());
    }

    @Test
    void shouldRefuseAnythingButAP384PublicKey() throws Exception {
        List<String> bad = List.of("garbage", "", TestTokens.pem(TestTokens.ec("secp256r1").getPublic()),
                TestTokens.pem(TestTokens.rsa().getPublic()), TestTokens.privatePem(TestTokens.p384().getPrivate()),
                "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----",
                TestTokens.pem(TestTokens.p384().getPublic()).replace("PUBLIC KEY", "EC PUBLIC KEY"));
        for (String material : bad) {
            call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", material)).statusCode(400)
                    .header("x-amzn-ErrorType", "ValidationException").body("message", notNullValue());
        }
        call("ImportPlaybackKeyPair", Map.of()).statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        as(account).post("/ImportPlaybackKeyPair").then().statusCode(400);
        call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", TestTokens.pem(TestTokens.p384().getPublic()),
                "name", "bad name")).statusCode(400);
    }

    @Test
    void shouldRefuseTheSameKeyTwiceAndAFourthKey() throws Exception {
        KeyPair first = TestTokens.p384();
        importKey(first);
        call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", TestTokens.pem(first.getPublic())))
                .statusCode(409).header("x-amzn-ErrorType", "ConflictException");
        as("111122223333").body(Map.of("publicKeyMaterial", TestTokens.pem(first.getPublic())))
                .post("/ImportPlaybackKeyPair").then().statusCode(200);
        importKey(TestTokens.p384());
        importKey(TestTokens.p384());
        call("ImportPlaybackKeyPair", Map.of("publicKeyMaterial", TestTokens.pem(TestTokens.p384().getPublic())))
                .statusCode(402).header("x-amzn-ErrorType", "ServiceQuotaExceededException");
        call("ListPlaybackKeyPairs", Map.of()).statusCode(200).body("keyPairs", hasSize(3))
                .body("keyPairs[0].fingerprint", nullValue()).body("keyPairs[0].tags", anEmptyMap())
                .body("nextToken", nullValue());
        ValidatableResponse page = call("ListPlaybackKeyPairs", Map.of("maxResults", 2)).statusCode(200)
                .body("keyPairs", hasSize(2)).body("nextToken", notNullValue());
        String token = page.extract().path("nextToken");
        call("ListPlaybackKeyPairs", Map.of("maxResults", 2, "nextToken", token))
                .statusCode(200).body("keyPairs", hasSize(1)).body("nextToken", nullValue());
        as("111122223333").body(Map.of("nextToken", token))
                .post("/ListPlaybackKeyPairs").then().statusCode(400);
    }

    @Test
    void shouldDeleteAKeyPairWithAnEmptyObject() throws Exception {
        String arn = importKey(TestTokens.p384());
        as("111122223333").body(Map.of("arn", arn)).post("/DeletePlaybackKeyPair").then().statusCode(404);
        call("DeletePlaybackKeyPair", Map.of("arn", arn)).statusCode(200).body(equalTo("{}"));
        call("GetPlaybackKeyPair", Map.of("arn", arn)).statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        call("DeletePlaybackKeyPair", Map.of("arn", arn)).statusCode(404);
        call("GetPlaybackKeyPair", Map.of("arn", "arn:aws:ivs:us-west-2:1:channel/x")).statusCode(400);
    }

    // ---- revocations

    @Test
    void shouldRevokeViewerSessionsAndKeepTheHighestVersion() {
        String ch = channel();
        call("StartViewerSessionRevocation", Map.of("channelArn", ch, "viewerId", "alice",
                "viewerSessionVersionsLessThanOrEqualTo", 5)).statusCode(200).body(equalTo("{}"));
        call("StartViewerSessionRevocation", Map.of("channelArn", ch, "viewerId", "alice")).statusCode(200);
        as(account).queryParam("channelArn", ch).queryParam("viewerId", "alice").get("/internal/revocations")
                .then().statusCode(200).body("revokedUpTo", equalTo(5));
        as(account).queryParam("channelArn", ch).queryParam("viewerId", "bob").get("/internal/revocations")
                .then().statusCode(200).body("revokedUpTo", equalTo(-1));
    }

    @Test
    void shouldRefuseRevocationsOnMissingOrForeignChannels() {
        String ch = channel();
        when(channels.channel(ch)).thenReturn(Uni.createFrom().failure(new ResourceNotFoundException()));
        call("StartViewerSessionRevocation", Map.of("channelArn", ch, "viewerId", "alice")).statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        call("StartViewerSessionRevocation", Map.of("channelArn",
                "arn:aws:ivs:us-west-2:111122223333:channel/abcdABCDefgh", "viewerId", "a")).statusCode(404);
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("channelArn", ch),
                Map.<String, Object>of("viewerId", "a"), Map.<String, Object>of("channelArn", "x", "viewerId", "a"),
                Map.<String, Object>of("channelArn", ch, "viewerId", "v".repeat(41)),
                Map.<String, Object>of("channelArn", ch, "viewerId", "a", "viewerSessionVersionsLessThanOrEqualTo", -1))) {
            call("StartViewerSessionRevocation", bad).statusCode(400)
                    .header("x-amzn-ErrorType", "ValidationException");
        }
    }

    @Test
    void shouldReportPerItemErrorsInABatchRevocation() {
        String good = channel();
        String missing = channel();
        String foreign = "arn:aws:ivs:us-west-2:111122223333:channel/abcdABCDefgh";
        when(channels.channel(missing)).thenReturn(Uni.createFrom().failure(new ResourceNotFoundException()));
        call("BatchStartViewerSessionRevocation", Map.of("viewerSessions", List.of(
                Map.of("channelArn", good, "viewerId", "v1", "viewerSessionVersionsLessThanOrEqualTo", 2),
                Map.of("channelArn", missing, "viewerId", "v2"),
                Map.of("channelArn", foreign, "viewerId", "v3")))).statusCode(200)
                .body("errors", hasSize(2))
                .body("errors.channelArn", containsInAnyOrder(missing, foreign))
                .body("errors.viewerId", containsInAnyOrder("v2", "v3"))
                .body("errors.code", contains("404", "404"))
                .body("errors[0].message", notNullValue());
        as(account).queryParam("channelArn", good).queryParam("viewerId", "v1").get("/internal/revocations")
                .then().body("revokedUpTo", equalTo(2));
        call("BatchStartViewerSessionRevocation", Map.of("viewerSessions", List.of(
                Map.of("channelArn", good, "viewerId", "v9")))).statusCode(200).body("errors", empty());
        List<Map<String, Object>> many = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            many.add(Map.of("channelArn", good, "viewerId", "v" + i));
        }
        call("BatchStartViewerSessionRevocation", Map.of("viewerSessions", many)).statusCode(400);
        call("BatchStartViewerSessionRevocation", Map.of("viewerSessions", List.of())).statusCode(400);
        call("BatchStartViewerSessionRevocation", Map.of()).statusCode(400);
    }

    // ---- restriction policies

    @Test
    void shouldCreateGetUpdateListAndDeleteAPolicy() {
        String arn = call("CreatePlaybackRestrictionPolicy", Map.of()).statusCode(200)
                .body("playbackRestrictionPolicy.arn",
                        matchesPattern("arn:aws:ivs:us-west-2:" + account + ":playback-restriction-policy/[A-Za-z0-9]{12}"))
                .body("playbackRestrictionPolicy.allowedCountries", empty())
                .body("playbackRestrictionPolicy.allowedOrigins", empty())
                .body("playbackRestrictionPolicy.enableStrictOriginEnforcement", equalTo(false))
                .body("playbackRestrictionPolicy.name", equalTo(""))
                .body("playbackRestrictionPolicy.tags", anEmptyMap())
                .extract().path("playbackRestrictionPolicy.arn");
        call("UpdatePlaybackRestrictionPolicy", Map.of("arn", arn, "allowedCountries", List.of("US", "MX"),
                "allowedOrigins", List.of("https://example.com"), "name", "geo")).statusCode(200)
                .body("playbackRestrictionPolicy.allowedCountries", contains("US", "MX"))
                .body("playbackRestrictionPolicy.allowedOrigins", contains("https://example.com"))
                .body("playbackRestrictionPolicy.name", equalTo("geo"));
        call("UpdatePlaybackRestrictionPolicy", Map.of("arn", arn, "enableStrictOriginEnforcement", true))
                .statusCode(200)
                .body("playbackRestrictionPolicy.allowedCountries", contains("US", "MX"))
                .body("playbackRestrictionPolicy.enableStrictOriginEnforcement", equalTo(true));
        call("GetPlaybackRestrictionPolicy", Map.of("arn", arn)).statusCode(200)
                .body("playbackRestrictionPolicy.name", equalTo("geo"));
        String second = call("CreatePlaybackRestrictionPolicy", Map.of("name", "two")).statusCode(200)
                .extract().path("playbackRestrictionPolicy.arn");
        ValidatableResponse first = call("ListPlaybackRestrictionPolicies", Map.of()).statusCode(200)
                .body("playbackRestrictionPolicies", hasSize(1))
                .body("playbackRestrictionPolicies[0].arn", equalTo(arn))
                .body("playbackRestrictionPolicies[0].allowedCountries", contains("US", "MX"))
                .body("nextToken", notNullValue());
        String token = first.extract().path("nextToken");
        call("ListPlaybackRestrictionPolicies", Map.of("nextToken", token))
                .statusCode(200).body("playbackRestrictionPolicies[0].arn", equalTo(second))
                .body("nextToken", nullValue());
        as(account).queryParam("arn", arn).get("/internal/playback-restriction-policies").then().statusCode(200)
                .body("allowedCountries", contains("US", "MX"));
        as(account).queryParam("arn", arn).get("/internal/resources").then().statusCode(200)
                .body("arn", equalTo(arn));
        as(account).body(Map.of("arn", arn)).post("/DeletePlaybackRestrictionPolicy").then().statusCode(204)
                .body(equalTo(""));
        call("GetPlaybackRestrictionPolicy", Map.of("arn", arn)).statusCode(404);
        as(account).queryParam("arn", arn).get("/internal/resources").then().statusCode(404);
    }

    @Test
    void shouldValidateCountriesAndOrigins() {
        for (Map<String, Object> bad : List.of(Map.<String, Object>of("allowedCountries", List.of("XX")),
                Map.<String, Object>of("allowedCountries", List.of("us")),
                Map.<String, Object>of("allowedCountries", List.of("USA")),
                Map.<String, Object>of("allowedOrigins", List.of("o".repeat(129))),
                Map.<String, Object>of("enableStrictOriginEnforcement", "yes"),
                Map.<String, Object>of("tags", Map.of("aws:x", "y")))) {
            call("CreatePlaybackRestrictionPolicy", bad).statusCode(400)
                    .header("x-amzn-ErrorType", "ValidationException");
        }
        call("CreatePlaybackRestrictionPolicy", Map.of("allowedCountries", List.of("DE", "JP", "BR"))).statusCode(200);
        String arn = call("CreatePlaybackRestrictionPolicy", Map.of()).statusCode(200)
                .extract().path("playbackRestrictionPolicy.arn");
        call("UpdatePlaybackRestrictionPolicy", Map.of("arn", arn, "allowedCountries", List.of("ZZ"))).statusCode(400);
        call("UpdatePlaybackRestrictionPolicy", Map.of("arn", arn + "x")).statusCode(404);
    }

    @Test
    void shouldRefuseToDeleteAReferencedPolicy() {
        String arn = call("CreatePlaybackRestrictionPolicy", Map.of()).statusCode(200)
                .extract().path("playbackRestrictionPolicy.arn");
        when(channels.referencesToPlaybackRestrictionPolicy(arn))
                .thenReturn(Uni.createFrom().item(new ChannelReferencesClient.ReferenceCount(2)));
        call("DeletePlaybackRestrictionPolicy", Map.of("arn", arn)).statusCode(409)
                .header("x-amzn-ErrorType", "ConflictException");
        call("GetPlaybackRestrictionPolicy", Map.of("arn", arn)).statusCode(200);
        as("111122223333").body(Map.of("arn", arn)).post("/GetPlaybackRestrictionPolicy").then().statusCode(404);
    }

    // ---- token verification through the service (key store, revocations, single use)

    Map<String, Object> claims(String ch, Object... extra) {
        Map<String, Object> c = new HashMap<>();
        c.put("aws:channel-arn", ch);
        c.put("exp", Instant.now().getEpochSecond() + 300);
        for (int i = 0; i < extra.length; i += 2) {
            c.put((String) extra[i], extra[i + 1]);
        }
        return c;
    }

    ValidatableResponse verify(String token, String ch, String origin) {
        Map<String, Object> body = new HashMap<>();
        body.put("token", token);
        body.put("channelArn", ch);
        if (origin != null) {
            body.put("origin", origin);
        }
        return given().header("x-ivs-internal-token", "local-internal-token").contentType("application/json")
                .body(body).post("/internal/playback-tokens/verify").then().statusCode(200);
    }

    @Test
    void shouldVerifyTokensAgainstTheAccountsKeyPairs() throws Exception {
        KeyPair key = TestTokens.p384();
        String keyArn = importKey(key);
        String ch = channel();
        String token = TestTokens.token(key.getPrivate(), claims(ch, "aws:maximum-resolution", "SD",
                "aws:access-control-allow-origin", "https://example.com"));
        verify(token, ch, "https://example.com").body("allowed", equalTo(true)).body("reason", equalTo("OK"))
                .body("maxResolution", equalTo("SD")).body("allowedOrigin", equalTo("https://example.com"))
                .body("expiresAt", notNullValue());
        verify(token, ch, "https://evil.com").body("allowed", equalTo(false))
                .body("reason", equalTo("ORIGIN_NOT_ALLOWED"));
        verify(token, channel(), null).body("allowed", equalTo(false)).body("reason", equalTo("CHANNEL_MISMATCH"));
        String otherAccountChannel = "arn:aws:ivs:us-west-2:111122223333:channel/" + Ids.resourceId();
        verify(TestTokens.token(key.getPrivate(), claims(otherAccountChannel)), otherAccountChannel, null)
                .body("allowed", equalTo(false)).body("reason", equalTo("INVALID_SIGNATURE"));
        call("DeletePlaybackKeyPair", Map.of("arn", keyArn)).statusCode(200);
        verify(token, ch, "https://example.com").body("allowed", equalTo(false))
                .body("reason", equalTo("INVALID_SIGNATURE"));
    }

    @Test
    void shouldRefuseRevokedViewersAndSpentSingleUseTokens() throws Exception {
        KeyPair key = TestTokens.p384();
        importKey(key);
        String ch = channel();
        String v1 = TestTokens.token(key.getPrivate(), claims(ch, "aws:viewer-id", "alice",
                "aws:viewer-session-version", 1));
        String v2 = TestTokens.token(key.getPrivate(), claims(ch, "aws:viewer-id", "alice",
                "aws:viewer-session-version", 2));
        verify(v1, ch, null).body("allowed", equalTo(true)).body("viewerId", equalTo("alice"))
                .body("viewerSessionVersion", equalTo(1));
        call("StartViewerSessionRevocation", Map.of("channelArn", ch, "viewerId", "alice",
                "viewerSessionVersionsLessThanOrEqualTo", 1)).statusCode(200);
        verify(v1, ch, null).body("allowed", equalTo(false)).body("reason", equalTo("VIEWER_SESSION_REVOKED"));
        verify(v2, ch, null).body("allowed", equalTo(true));
        String once = TestTokens.token(key.getPrivate(), claims(ch, "aws:single-use-uuid",
                java.util.UUID.randomUUID().toString()));
        verify(once, ch, null).body("allowed", equalTo(true)).body("singleUseUuid", notNullValue());
        verify(once, ch, null).body("allowed", equalTo(false)).body("reason", equalTo("TOKEN_ALREADY_USED"));
        given().header("x-ivs-internal-token", "local-internal-token").contentType("application/json")
                .body(Map.of("token", once, "channelArn", "nope")).post("/internal/playback-tokens/verify")
                .then().statusCode(400);
    }

    @Test
    void shouldWriteEventsWithoutKeyMaterial() throws Exception {
        KeyPair key = TestTokens.p384();
        String arn = importKey(key);
        call("DeletePlaybackKeyPair", Map.of("arn", arn)).statusCode(200);
        List<String> rows = new ArrayList<>();
        List<String> payloads = new ArrayList<>();
        pool.preparedQuery("SELECT topic, type, payload FROM outbox_event WHERE payload LIKE $1 ORDER BY seq")
                .execute(Tuple.of("%" + arn + "%")).await().indefinitely().forEach(r -> {
                    rows.add(r.getString("topic") + " " + r.getString("type"));
                    payloads.add(r.getString("payload"));
                });
        assertEquals(List.of("ivs.playback-auth PlaybackKeyPairImported.v1",
                "ivs.eventbridge AWS API Call via CloudTrail", "ivs.playback-auth PlaybackKeyPairDeleted.v1",
                "ivs.eventbridge AWS API Call via CloudTrail"), rows);
        String material = TestTokens.pem(key.getPublic()).split("\n")[1];
        payloads.forEach(p -> org.hamcrest.MatcherAssert.assertThat(p, not(org.hamcrest.Matchers.containsString(
                material.substring(0, 40)))));
    }
}
