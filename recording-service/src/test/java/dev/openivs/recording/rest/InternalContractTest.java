package dev.openivs.recording.rest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.internal.InternalJson;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.recording.InternalRecordingConfiguration;
import dev.openivs.internal.tagging.ResourceTags;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * recording-service's internal answers read as channel- and stream-service read them
 * (dev.openivs.internal.recording): a renamed, dropped or retyped member that a caller uses fails here.
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
    void shouldServeAConfigurationAsTheRecorderReadsIt() {
        String arn = as(account).body(Map.of(
                "destinationConfiguration", Map.of("s3", Map.of("bucketName", "ivs-recordings")),
                "recordingReconnectWindowSeconds", 30,
                "thumbnailConfiguration", Map.of("recordingMode", "INTERVAL", "targetIntervalSeconds", 5,
                        "storage", List.of("LATEST"), "resolution", "SD"),
                "renditionConfiguration", Map.of("renditionSelection", "ALL")))
                .post("/CreateRecordingConfiguration").then().statusCode(200)
                .extract().path("recordingConfiguration.arn");
        String body = as(account).queryParam("arn", arn).get("/internal/recording-configurations")
                .then().statusCode(200).extract().asString();
        JsonNode json = InternalJson.tree(body);
        assertTrue(json.path("state").isTextual(), body);
        assertTrue(json.path("recordingReconnectWindowSeconds").isIntegralNumber(), body);
        assertTrue(json.path("thumbnailConfiguration").path("targetIntervalSeconds").isIntegralNumber(), body);
        assertTrue(json.path("thumbnailConfiguration").path("storage").isArray(), body);
        InternalRecordingConfiguration rc = InternalRecordingConfiguration.of(json);
        assertEquals(arn, rc.arn());
        assertEquals("ivs-recordings", rc.destinationConfiguration().s3().bucketName());
        assertEquals(30, rc.recordingReconnectWindowSeconds());
        assertEquals(new InternalRecordingConfiguration.Thumbnails("INTERVAL", 5, List.of("LATEST"), "SD"),
                rc.thumbnailConfiguration());
        assertEquals("ALL", rc.renditionConfiguration().renditionSelection());
        assertEquals(arn, InternalJson.read(as(account).queryParam("arn", arn).get("/internal/resources")
                .then().statusCode(200).extract().asString(), ResourceRef.class).arn());
    }
}
