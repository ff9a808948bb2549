package dev.openivs.tagging.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.openivs.aws.support.Ids;
import dev.openivs.internal.InternalJson;
import dev.openivs.internal.tagging.TaggingClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * tagging-service's internal answers read as the resource owners read them (TaggingClient's records): a renamed,
 * dropped or retyped member fails here.
 */
@QuarkusTest
class InternalContractTest {
    static RequestSpecification internal() {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", "123456789012").contentType("application/json");
    }

    @Test
    void shouldSetAndQueryTagsWithTheOwnersRecords() {
        String a = "arn:aws:ivs:us-west-2:123456789012:stream-key/" + Ids.resourceId();
        String b = "arn:aws:ivs:us-west-2:123456789012:channel/" + Ids.resourceId();
        internal().body(new TaggingClient.TagsSet(a, Map.of("k", "v"))).post("/internal/tags/set")
                .then().statusCode(200);
        TaggingClient.TagsQueryResult result = InternalJson.read(internal()
                .body(new TaggingClient.TagsQuery(List.of(a, b))).post("/internal/tags/query")
                .then().statusCode(200).extract().asString(), TaggingClient.TagsQueryResult.class);
        assertEquals(Map.of(a, Map.of("k", "v"), b, Map.of()), result.tags());
        internal().queryParam("resourceArn", a).delete("/internal/tags").then().statusCode(204);
    }
}
