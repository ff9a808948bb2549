package dev.openivs.tagging.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.equalTo;

import dev.openivs.aws.support.Ids;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The internal API the resource owners use (docs/internal-api.md). */
@QuarkusTest
class InternalTagsResourceTest {
    static RequestSpecification internal() {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", "123456789012").contentType("application/json");
    }

    static String arn(String type) {
        return "arn:aws:ivs:us-west-2:123456789012:" + type + "/" + Ids.resourceId();
    }

    @Test
    void shouldSetQueryAndDeleteTags() {
        String a = arn("stream-key");
        String b = arn("playback-key");
        internal().body(Map.of("resourceArn", a, "tags", Map.of("x", "1"))).post("/internal/tags/set")
                .then().statusCode(200).body(equalTo("{}"));
        internal().body(Map.of("resourceArn", a, "tags", Map.of("y", "2"))).post("/internal/tags/set")
                .then().statusCode(200);
        internal().body(Map.of("resourceArns", List.of(a, b))).post("/internal/tags/query")
                .then().statusCode(200)
                .body("tags.'" + a + "'.x", equalTo("1"))
                .body("tags.'" + a + "'.y", equalTo("2"))
                .body("tags.'" + b + "'", anEmptyMap());
        internal().queryParam("resourceArn", a).delete("/internal/tags").then().statusCode(204);
        internal().queryParam("resourceArn", a).delete("/internal/tags").then().statusCode(204);
        internal().body(Map.of("resourceArns", List.of(a))).post("/internal/tags/query")
                .then().statusCode(200).body("tags.'" + a + "'", anEmptyMap());
    }

    @Test
    void shouldApplyTagRulesOnSet() {
        String a = arn("recording-configuration");
        internal().body(Map.of("resourceArn", a, "tags", Map.of("aws:x", "1"))).post("/internal/tags/set")
                .then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        Map<String, String> fifty = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            fifty.put("k" + i, "v");
        }
        internal().body(Map.of("resourceArn", a, "tags", fifty)).post("/internal/tags/set").then().statusCode(200);
        internal().body(Map.of("resourceArn", a, "tags", Map.of("one-more", "v"))).post("/internal/tags/set")
                .then().statusCode(400).header("x-amzn-ErrorType", "ValidationException");
        internal().body(Map.of("resourceArn", "nope", "tags", Map.of("k", "v"))).post("/internal/tags/set")
                .then().statusCode(400);
    }

    @Test
    void shouldAnswerAnEmptyQuery() {
        internal().body(Map.of("resourceArns", List.of())).post("/internal/tags/query")
                .then().statusCode(200).body("tags", anEmptyMap());
    }
}
