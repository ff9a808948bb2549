package dev.openivs.tagging.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.Ids;
import dev.openivs.tagging.service.ResourceOwners;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The three tag operations over HTTP, as the gateway forwards them, against real PostgreSQL. */
@QuarkusTest
class TagsResourceTest {
    static final String ACCOUNT = "123456789012";
    static final String OTHER_ACCOUNT = "210987654321";

    @InjectMock
    ResourceOwners owners;
    @Inject
    Pool pool;

    @BeforeEach
    void everyResourceExists() {
        when(owners.requireExists(any())).thenReturn(Uni.createFrom().voidItem());
    }

    static String channelArn() {
        return "arn:aws:ivs:us-west-2:" + ACCOUNT + ":channel/" + Ids.resourceId();
    }

    static String encoded(String arn) {
        return URLEncoder.encode(arn, StandardCharsets.UTF_8);
    }

    static RequestSpecification as(String account) {
        return given().urlEncodingEnabled(false)
                .header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", account)
                .contentType("application/json");
    }

    static RequestSpecification asA() {
        return as(ACCOUNT);
    }

    @Test
    void shouldListNoTagsAsEmptyMap() {
        asA().get("/tags/" + encoded(channelArn()))
                .then().statusCode(200).body("tags", anEmptyMap());
    }

    @Test
    void shouldTagAndListThroughAnSdkEncodedArn() {
        String arn = channelArn();
        asA().body(Map.of("tags", Map.of("env", "prod", "team", "video")))
                .post("/tags/" + encoded(arn))
                .then().statusCode(200).body(equalTo("{}"));
        asA().get("/tags/" + encoded(arn))
                .then().statusCode(200)
                .body("tags.env", equalTo("prod"))
                .body("tags.team", equalTo("video"))
                .body("tags", aMapWithSize(2));
    }

    @Test
    void shouldAcceptAnUnencodedArnToo() {
        String arn = channelArn();
        asA().body(Map.of("tags", Map.of("k", "v"))).post("/tags/" + arn).then().statusCode(200);
        asA().get("/tags/" + arn).then().statusCode(200).body("tags.k", equalTo("v"));
    }

    @Test
    void shouldOverwriteValuesAndRemoveOnlyListedKeys() {
        String arn = channelArn();
        asA().body(Map.of("tags", Map.of("a", "1", "b", "2", "c", "3"))).post("/tags/" + encoded(arn))
                .then().statusCode(200);
        asA().body(Map.of("tags", Map.of("a", "one"))).post("/tags/" + encoded(arn)).then().statusCode(200);
        asA().delete("/tags/" + encoded(arn) + "?tagKeys=b&tagKeys=missing")
                .then().statusCode(200).body(equalTo("{}"));
        asA().get("/tags/" + encoded(arn)).then().statusCode(200)
                .body("tags.a", equalTo("one"))
                .body("tags", not(hasKey("b")))
                .body("tags.c", equalTo("3"));
    }

    @Test
    void shouldAllowFiftyTagsAndRefuseTheFiftyFirst() {
        String arn = channelArn();
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("key" + i, "v" + i);
        }
        asA().body(Map.of("tags", fifty)).post("/tags/" + encoded(arn)).then().statusCode(200);
        asA().body(Map.of("tags", Map.of("key0", "overwritten"))).post("/tags/" + encoded(arn))
                .then().statusCode(200);
        asA().body(Map.of("tags", Map.of("key50", "x"))).post("/tags/" + encoded(arn))
                .then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException")
                .body("exceptionMessage", containsString("50"))
                .body("message", containsString("50"));
        asA().get("/tags/" + encoded(arn)).then().statusCode(200).body("tags", aMapWithSize(50))
                .body("tags.key0", equalTo("overwritten"));
    }

    @Test
    void shouldRefuseMoreThanFiftyTagsInOneCall() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 51; i++) {
            many.put("key" + i, "v");
        }
        asA().body(Map.of("tags", many)).post("/tags/" + encoded(channelArn()))
                .then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
    }

    @Test
    void shouldRefuseReservedAndMalformedTags() {
        String path = "/tags/" + encoded(channelArn());
        for (Map<String, String> bad : List.of(Map.of("aws:owner", "x"), Map.of("AWS:owner", "x"),
                Map.of("bad*key", "x"), Map.of("k", "bad#value"), Map.of("k".repeat(129), "x"),
                Map.of("k", "v".repeat(257)), Map.of("", "x"))) {
            asA().body(Map.of("tags", bad)).post(path)
                    .then().statusCode(400).header("x-amzn-ErrorType", "ValidationException")
                    .body("exceptionMessage", not(equalTo(null)));
        }
        asA().body(Map.of("tags", Map.of("k".repeat(128), "v".repeat(256), "ünï cødé_.:/=+-@", "")))
                .post(path).then().statusCode(200);
    }

    @Test
    void shouldRequireTagsAndTagKeys() {
        String path = "/tags/" + encoded(channelArn());
        asA().body("{}").post(path).then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        asA().delete(path).then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        asA().delete(path + "?tagKeys=aws:x").then().statusCode(400);
    }

    @Test
    void shouldRefuseMalformedArns() {
        for (String bad : List.of("not-an-arn", "arn:aws:ivs:us-west-2:123456789012:channel",
                "arn:aws:s3:::bucket/key")) {
            asA().get("/tags/" + encoded(bad))
                    .then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        }
    }

    @Test
    void shouldAnswerNotFoundWhenTheOwnerDoesNotKnowTheResource() {
        when(owners.requireExists(any())).thenReturn(Uni.createFrom().failure(new ResourceNotFoundException()));
        String arn = channelArn();
        asA().get("/tags/" + encoded(arn)).then().statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException")
                .body("exceptionMessage", equalTo("Request references a resource which does not exist."));
        asA().body(Map.of("tags", Map.of("k", "v"))).post("/tags/" + encoded(arn)).then().statusCode(404);
        asA().delete("/tags/" + encoded(arn) + "?tagKeys=k").then().statusCode(404);
    }

    @Test
    void shouldNeverShowAnotherAccountsTagsNorAskItsOwner() {
        String arn = channelArn();
        asA().body(Map.of("tags", Map.of("secret", "yes"))).post("/tags/" + encoded(arn)).then().statusCode(200);
        org.mockito.Mockito.clearInvocations(owners);
        as(OTHER_ACCOUNT).get("/tags/" + encoded(arn)).then().statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        as(OTHER_ACCOUNT).body(Map.of("tags", Map.of("k", "v"))).post("/tags/" + encoded(arn))
                .then().statusCode(404);
        verify(owners, never()).requireExists(any());
    }

    @Test
    void shouldTreatUnservedResourceTypesAsNotFound() {
        // a real-time stage is an IVS resource this suite does not serve
        asA().get("/tags/" + encoded("arn:aws:ivs:us-west-2:" + ACCOUNT + ":stage/abcdABCDefgh"))
                .then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }

    @Test
    void shouldTagAnAdConfigurationItsOwnerConfirms() {
        String arn = "arn:aws:ivs:us-west-2:" + ACCOUNT + ":ad-configuration/" + java.util.UUID.randomUUID();
        asA().body(Map.of("tags", Map.of("ads", "yes"))).post("/tags/" + encoded(arn)).then().statusCode(200);
        asA().get("/tags/" + encoded(arn)).then().statusCode(200)
                .body("tags", org.hamcrest.Matchers.equalTo(Map.of("ads", "yes")));
        verify(owners, org.mockito.Mockito.atLeastOnce()).requireExists(org.mockito.ArgumentMatchers.argThat(
                a -> a.type() == dev.openivs.aws.support.ResourceType.AD_CONFIGURATION));
    }

    @Test
    void shouldRefuseCallsWithoutTheInternalToken() {
        given().get("/tags/" + encoded(channelArn())).then().statusCode(403)
                .header("x-amzn-ErrorType", "AccessDeniedException");
    }

    @Test
    void shouldRecordTagsChangedAndTheApiCallInTheOutbox() {
        String arn = channelArn();
        asA().body(Map.of("tags", Map.of("k", "v"))).post("/tags/" + encoded(arn)).then().statusCode(200);
        asA().delete("/tags/" + encoded(arn) + "?tagKeys=k").then().statusCode(200);
        var rows = pool.preparedQuery("SELECT type, topic, payload FROM outbox_event WHERE aggregate_id = $1 "
                + "OR payload LIKE $2 ORDER BY seq").execute(Tuple.of(arn, "%" + arn + "%")).await().indefinitely();
        List<String> types = new java.util.ArrayList<>();
        rows.forEach(r -> types.add(r.getString("topic") + " " + r.getString("type")));
        assertEquals(List.of("ivs.tags TagsChanged.v1", "ivs.eventbridge AWS API Call via CloudTrail",
                "ivs.tags TagsChanged.v1", "ivs.eventbridge AWS API Call via CloudTrail"), types);
    }

    @Test
    void shouldParseEveryTaggableArnType() {
        for (String type : List.of("channel", "stream-key", "playback-key", "recording-configuration",
                "playback-restriction-policy")) {
            String arn = "arn:aws:ivs:us-west-2:" + ACCOUNT + ":" + type + "/" + Ids.resourceId();
            asA().get("/tags/" + encoded(arn)).then().statusCode(200);
            assertEquals(type, Arn.parse(arn).orElseThrow().type().arnWord());
        }
    }
}
