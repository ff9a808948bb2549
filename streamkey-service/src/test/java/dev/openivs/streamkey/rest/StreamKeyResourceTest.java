package dev.openivs.streamkey.rest;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.openivs.streamkey.StreamKeyTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

@QuarkusTest
class StreamKeyResourceTest extends StreamKeyTestBase {

    @Test
    void shouldCreateAKeyWithAValueFromTheSecureGenerator() {
        String channel = channel();
        call("CreateStreamKey", "{\"channelArn\": \"" + channel + "\", \"tags\": {\"team\": \"a\"}}")
                .statusCode(200)
                .body("streamKey.arn", matchesPattern("arn:aws:ivs:us-west-2:" + account + ":stream-key/[a-zA-Z0-9]{12}"))
                .body("streamKey.value", matchesPattern("sk_us-west-2_[a-zA-Z0-9]{12}_[a-zA-Z0-9]{30}"))
                .body("streamKey.channelArn", equalTo(channel))
                .body("streamKey.tags.team", equalTo("a"));
    }

    @Test
    void shouldRefuseSecondStreamKey() {
        String channel = channel();
        createKey(channel);
        assertError(call("CreateStreamKey", "{\"channelArn\": \"" + channel + "\"}"), 402,
                "ServiceQuotaExceededException", containsString("one stream key"));
    }

    @Test
    void shouldNotCreateAKeyForAMissingOrForeignChannel() {
        assertError(call("CreateStreamKey", "{\"channelArn\": \"arn:aws:ivs:us-west-2:" + account
                + ":channel/missing12345\"}"), 404, "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("CreateStreamKey", "{\"channelArn\": \"arn:aws:ivs:us-west-2:999999999999:channel/abc\"}"),
                404, "ResourceNotFoundException", notNullValue(String.class));
    }

    @Test
    void shouldValidateCreateStreamKey() {
        assertError(call("CreateStreamKey", "{}"), 400, "ValidationException",
                equalTo("1 validation error detected: Value at 'channelArn' failed to satisfy constraint: "
                        + "Member must not be null"));
        assertError(call("CreateStreamKey", "{\"channelArn\": \"arn:aws:ivs:us-west-2:1:stream-key/x\"}"), 400,
                "ValidationException", containsString("channelArn"));
        assertError(call("CreateStreamKey", "{\"channelArn\": \"" + channel() + "\", \"tags\": {\"k\": 5}}"), 400,
                "ValidationException", containsString("tags"));
        assertError(api().post("/CreateStreamKey").then(), 400, "ValidationException", containsString("channelArn"));
    }

    @Test
    void shouldGetAKeyWithItsValueAndTags() {
        String channel = channel();
        JsonPath created = call("CreateStreamKey", "{\"channelArn\": \"" + channel + "\", \"tags\": {\"x\": \"y\"}}")
                .statusCode(200).extract().jsonPath();
        String arn = created.getString("streamKey.arn");
        call("GetStreamKey", "{\"arn\": \"" + arn + "\"}").statusCode(200)
                .body("streamKey.arn", equalTo(arn))
                .body("streamKey.value", equalTo(created.getString("streamKey.value")))
                .body("streamKey.channelArn", equalTo(channel))
                .body("streamKey.tags", equalTo(Map.of("x", "y")));
    }

    @Test
    void shouldNotFindMissingOrForeignKeys() {
        String arn = createKey(channel());
        assertError(call("GetStreamKey", "{\"arn\": \"arn:aws:ivs:us-west-2:" + account
                + ":stream-key/missing12345\"}"), 404, "ResourceNotFoundException",
                equalTo("Request references a resource which does not exist."));
        assertError(api(randomAccount()).body("{\"arn\": \"" + arn + "\"}").post("/GetStreamKey").then(), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("GetStreamKey", "{\"arn\": \"" + arn.replace("us-west-2", "us-east-1") + "\"}"), 404,
                "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("GetStreamKey", "{\"arn\": \"" + arn.replace("stream-key", "channel") + "\"}"), 400,
                "ValidationException", containsString("arn"));
    }

    @Test
    void shouldBatchGetKeysAndReportTheOthers() {
        String a = createKey(channel());
        String b = createKey(channel());
        String missing = "arn:aws:ivs:us-west-2:" + account + ":stream-key/missing12345";
        String foreign = "arn:aws:ivs:us-west-2:999999999999:stream-key/theirs123456";
        call("BatchGetStreamKey", "{\"arns\": [\"%s\", \"%s\", \"%s\", \"%s\"]}".formatted(b, missing, a, foreign))
                .statusCode(200)
                .body("streamKeys.arn", equalTo(java.util.List.of(b, a)))
                .body("streamKeys[0].value", notNullValue())
                .body("errors", hasSize(2))
                .body("errors.arn", hasItem(missing))
                .body("errors.find { it.arn == '" + missing + "' }.code", equalTo("ResourceNotFoundException"))
                .body("errors.find { it.arn == '" + foreign + "' }.code", equalTo("ResourceNotFoundException"));
        assertError(call("BatchGetStreamKey", "{\"arns\": [\"%s\", \"bad\"]}".formatted(a)), 400,
                "ValidationException", equalTo("1 validation error detected: Value at 'arns.2.member' failed to "
                        + "satisfy constraint: Member must satisfy regular expression pattern: "
                        + "arn:aws:ivs:[a-z0-9-]+:[0-9]+:stream-key/[a-zA-Z0-9-]+"));
        assertError(call("BatchGetStreamKey", "{\"arns\": []}"), 400, "ValidationException",
                containsString("Member must have length between 1 and 50"));
    }

    @Test
    void shouldListKeysWithoutValuesOnePerPageByDefault() {
        String channel = channel();
        String arn = createKey(channel);
        call("ListStreamKeys", "{\"channelArn\": \"" + channel + "\"}").statusCode(200)
                .body("streamKeys", hasSize(1))
                .body("streamKeys[0].keySet()", equalTo(Set.of("arn", "channelArn", "tags")))
                .body("streamKeys[0].arn", equalTo(arn))
                .body("$", not(hasKey("nextToken")));
    }

    @Test
    void shouldValidateListStreamKeys() {
        assertError(call("ListStreamKeys", "{}"), 400, "ValidationException", containsString("channelArn"));
        assertError(call("ListStreamKeys", "{\"channelArn\": \"" + channel() + "\", \"maxResults\": 51}"), 400,
                "ValidationException", containsString("Member must have value less than or equal to 50"));
        assertError(call("ListStreamKeys", "{\"channelArn\": \"" + channel() + "\", \"maxResults\": 0}"), 400,
                "ValidationException", containsString("Member must have value greater than or equal to 1"));
        assertError(call("ListStreamKeys", "{\"channelArn\": \"arn:aws:ivs:us-west-2:" + account
                + ":channel/missing12345\"}"), 404, "ResourceNotFoundException", notNullValue(String.class));
        assertError(call("ListStreamKeys", "{\"channelArn\": \"" + channel() + "\", \"nextToken\": \"AAAAAAAAAAAAAAAAAAAAAAAAAA\"}"),
                400, "ValidationException", equalTo("The pagination token is invalid."));
    }

    @Test
    void shouldPageThroughKeysOfAChannel() {
        String channel = channel();
        api().body("{\"channelArn\": \"" + channel + "\"}").post("/internal/stream-keys").then().statusCode(200);
        call("DeleteStreamKey", "{\"arn\": \"" + call("ListStreamKeys", "{\"channelArn\": \"" + channel + "\"}")
                .extract().path("streamKeys[0].arn") + "\"}").statusCode(204);
        createKey(channel);
        call("ListStreamKeys", "{\"channelArn\": \"" + channel + "\", \"maxResults\": 50}").statusCode(200)
                .body("streamKeys", hasSize(1));
    }

    @Test
    void shouldDeleteAKeySoItCanNoLongerBeFound() {
        String channel = channel();
        JsonPath created = call("CreateStreamKey", "{\"channelArn\": \"" + channel + "\", \"tags\": {\"x\": \"y\"}}")
                .statusCode(200).extract().jsonPath();
        String arn = created.getString("streamKey.arn");
        api().body("{\"arn\": \"" + arn + "\"}").post("/DeleteStreamKey").then().statusCode(204).body(equalTo(""));
        assertError(call("GetStreamKey", "{\"arn\": \"" + arn + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        assertError(call("DeleteStreamKey", "{\"arn\": \"" + arn + "\"}"), 404, "ResourceNotFoundException",
                notNullValue(String.class));
        api().body("{\"value\": \"" + created.getString("streamKey.value") + "\"}").post("/internal/stream-keys/lookup")
                .then().statusCode(404);
        assertFalse(tags.containsKey(arn));
        call("ListStreamKeys", "{\"channelArn\": \"" + channel + "\"}").statusCode(200).body("streamKeys", empty());
        createKey(channel);
    }

    @Test
    void shouldRefuseCallsWithoutAnAccount() {
        assertError(io.restassured.RestAssured.given().header("x-ivs-internal-token", TOKEN)
                .contentType("application/json")
                .body("{\"arn\": \"arn:aws:ivs:us-west-2:" + account + ":stream-key/abc\"}")
                .post("/GetStreamKey").then(), 403,
                "AccessDeniedException", notNullValue(String.class));
    }

    @Test
    void shouldReturnTheSameKeyWhenCreateChannelRetries() {
        String channel = channel();
        JsonPath first = api().body("{\"channelArn\": \"" + channel + "\"}").post("/internal/stream-keys").then()
                .statusCode(200).extract().jsonPath();
        JsonPath second = api().body("{\"channelArn\": \"" + channel + "\"}").post("/internal/stream-keys").then()
                .statusCode(200).extract().jsonPath();
        assertEquals(first.getString("arn"), second.getString("arn"));
        assertEquals(first.getString("value"), second.getString("value"));
        api().body("{\"value\": \"" + first.getString("value") + "\"}").post("/internal/stream-keys/lookup").then()
                .statusCode(200)
                .body("arn", equalTo(first.getString("arn")))
                .body("channelArn", equalTo(channel))
                .body("account", equalTo(account));
        api().get("/internal/resources?arn=" + first.getString("arn")).then().statusCode(200)
                .body("arn", equalTo(first.getString("arn")));
        api().queryParam("channelArn", channel).delete("/internal/stream-keys").then().statusCode(204);
        api().queryParam("channelArn", channel).delete("/internal/stream-keys").then().statusCode(204);
        assertError(api().get("/internal/resources?arn=" + first.getString("arn")).then(), 404,
                "ResourceNotFoundException", notNullValue(String.class));
    }

    @Test
    void shouldRefuseInternalCallsForAnotherAccountsChannel() {
        assertError(api().body("{\"channelArn\": \"arn:aws:ivs:us-west-2:999999999999:channel/abc\"}")
                .post("/internal/stream-keys").then(), 403, "AccessDeniedException", notNullValue(String.class));
        assertError(api().body("{}").post("/internal/stream-keys").then(), 400, "ValidationException",
                containsString("channelArn"));
    }
}
