package dev.openivs.recording.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.anEmptyMap;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyCollection;
import static org.mockito.ArgumentMatchers.anyMap;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import dev.openivs.internal.channel.ChannelReferencesClient;
import dev.openivs.internal.tagging.ResourceTags;
import io.quarkus.test.InjectMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The recording-configuration operations over HTTP against real PostgreSQL; neighbours mocked. */
@QuarkusTest
class RecordingConfigurationResourceTest {
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
        when(channels.referencesToRecordingConfiguration(anyString()))
                .thenReturn(Uni.createFrom().item(new ChannelReferencesClient.ReferenceCount(0)));
    }

    RequestSpecification as(String acct) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", acct).contentType("application/json");
    }

    ValidatableResponse call(String operation, Object body) {
        return as(account).body(body).post("/" + operation).then();
    }

    static Map<String, Object> minimal(String bucket) {
        return Map.of("destinationConfiguration", Map.of("s3", Map.of("bucketName", bucket)));
    }

    String create() {
        return call("CreateRecordingConfiguration", minimal("ivs-recordings")).statusCode(200)
                .extract().path("recordingConfiguration.arn");
    }

    /** Polls GetRecordingConfiguration until the state is no longer CREATING (the bucket check is asynchronous). */
    String settledState(String arn) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 20_000;
        String state;
        do {
            state = call("GetRecordingConfiguration", Map.of("arn", arn)).statusCode(200)
                    .extract().path("recordingConfiguration.state");
            if (!"CREATING".equals(state)) {
                return state;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        return state;
    }

    @Test
    void shouldBecomeActiveOnceTheBucketIsFoundWritableInTheObjectStore() throws Exception {
        String arn = call("CreateRecordingConfiguration", minimal("ivs-recordings")).statusCode(200)
                .body("recordingConfiguration.state", equalTo("CREATING"))
                .extract().path("recordingConfiguration.arn");
        assertEquals("ACTIVE", settledState(arn));
        // the write probe is removed again (checked on disk when the store is the local S3Proxy of ./ivs)
        java.nio.file.Path bucketDir = java.nio.file.Path.of(System.getProperty("user.dir"),
                "../.ivs/s3proxy/data/ivs-recordings");
        if (java.nio.file.Files.isDirectory(bucketDir)) {
            String id = arn.substring(arn.lastIndexOf('/') + 1);
            assertEquals(false, java.nio.file.Files.exists(bucketDir.resolve("ivs/.write-check").resolve(id)));
        }
    }

    @Test
    void shouldFailCreationWhenTheBucketDoesNotExist() throws Exception {
        String arn = call("CreateRecordingConfiguration", minimal("no-such-bucket-" + account)).statusCode(200)
                .body("recordingConfiguration.state", equalTo("CREATING"))
                .extract().path("recordingConfiguration.arn");
        assertEquals("CREATE_FAILED", settledState(arn));
        // a failed configuration can still be read, listed and deleted
        call("DeleteRecordingConfiguration", Map.of("arn", arn)).statusCode(204);
    }

    @Test
    void shouldCreateWithEveryModelDefault() {
        call("CreateRecordingConfiguration", minimal("ivs-recordings")).statusCode(200)
                .body("recordingConfiguration.arn",
                        matchesPattern("arn:aws:ivs:us-west-2:" + account + ":recording-configuration/[a-zA-Z0-9]{12}"))
                .body("recordingConfiguration.name", equalTo(""))
                .body("recordingConfiguration.state", equalTo("CREATING"))
                .body("recordingConfiguration.destinationConfiguration.s3.bucketName", equalTo("ivs-recordings"))
                .body("recordingConfiguration.tags", anEmptyMap())
                .body("recordingConfiguration.recordingReconnectWindowSeconds", equalTo(0))
                .body("recordingConfiguration.thumbnailConfiguration.recordingMode", equalTo("INTERVAL"))
                .body("recordingConfiguration.thumbnailConfiguration.targetIntervalSeconds", equalTo(60))
                .body("recordingConfiguration.thumbnailConfiguration.storage", contains("SEQUENTIAL"))
                .body("recordingConfiguration.thumbnailConfiguration.resolution", nullValue())
                .body("recordingConfiguration.renditionConfiguration.renditionSelection", equalTo("ALL"))
                .body("recordingConfiguration.renditionConfiguration.renditions", empty());
    }

    @Test
    void shouldKeepEveryGivenMemberAndStoreTheTags() {
        Map<String, Object> body = Map.of("name", "test-recording-config",
                "destinationConfiguration", Map.of("s3", Map.of("bucketName", "demo-recording-bucket")),
                "recordingReconnectWindowSeconds", 60,
                "tags", Map.of("key1", "value1"),
                "thumbnailConfiguration", Map.of("recordingMode", "INTERVAL", "targetIntervalSeconds", 1,
                        "resolution", "LOWEST_RESOLUTION", "storage", List.of("LATEST", "SEQUENTIAL")),
                "renditionConfiguration", Map.of("renditionSelection", "CUSTOM", "renditions", List.of("HD", "SD")));
        String arn = call("CreateRecordingConfiguration", body).statusCode(200)
                .body("recordingConfiguration.name", equalTo("test-recording-config"))
                .body("recordingConfiguration.recordingReconnectWindowSeconds", equalTo(60))
                .body("recordingConfiguration.tags.key1", equalTo("value1"))
                .body("recordingConfiguration.thumbnailConfiguration.targetIntervalSeconds", equalTo(1))
                .body("recordingConfiguration.thumbnailConfiguration.resolution", equalTo("LOWEST_RESOLUTION"))
                .body("recordingConfiguration.thumbnailConfiguration.storage", contains("LATEST", "SEQUENTIAL"))
                .body("recordingConfiguration.renditionConfiguration.renditionSelection", equalTo("CUSTOM"))
                .body("recordingConfiguration.renditionConfiguration.renditions", contains("HD", "SD"))
                .extract().path("recordingConfiguration.arn");
        verify(tags).set(eq(account), eq(arn), eq(Map.of("key1", "value1")));
        when(tags.of(account, arn)).thenReturn(Uni.createFrom().item(Map.of("key1", "value1")));
        call("GetRecordingConfiguration", Map.of("arn", arn)).statusCode(200)
                .body("recordingConfiguration.arn", equalTo(arn))
                .body("recordingConfiguration.tags.key1", equalTo("value1"))
                .body("recordingConfiguration.renditionConfiguration.renditions", contains("HD", "SD"))
                .body("recordingConfiguration.thumbnailConfiguration.storage", contains("LATEST", "SEQUENTIAL"));
    }

    @Test
    void shouldRefuseInvalidInputWithValidationException() {
        List<Object> bad = List.of(
                Map.of(),
                Map.of("destinationConfiguration", Map.of()),
                minimal("UPPER"), minimal("ab"), minimal("a".repeat(64)), minimal("bad_bucket"),
                with("recordingReconnectWindowSeconds", 301), with("recordingReconnectWindowSeconds", -1),
                with("name", "bad name"), with("name", "n".repeat(129)),
                with("thumbnailConfiguration", Map.of("targetIntervalSeconds", 61)),
                with("thumbnailConfiguration", Map.of("targetIntervalSeconds", 0)),
                with("thumbnailConfiguration", Map.of("recordingMode", "SOMETIMES")),
                with("thumbnailConfiguration", Map.of("storage", List.of("ALWAYS"))),
                with("thumbnailConfiguration", Map.of("resolution", "8K")),
                with("renditionConfiguration", Map.of("renditionSelection", "SOME")),
                with("renditionConfiguration", Map.of("renditionSelection", "CUSTOM")),
                with("renditionConfiguration", Map.of("renditionSelection", "CUSTOM", "renditions", List.of("4K"))),
                with("tags", Map.of("aws:reserved", "x")),
                with("recordingReconnectWindowSeconds", "sixty"),
                "{\"recordingReconnectWindowSeconds\":\"sixty\",\"destinationConfiguration\":{\"s3\":{\"bucketName\":\"abc\"}}}",
                "{\"destinationConfiguration\":{\"s3\":{\"bucketName\":\"abc\"}},\"recordingReconnectWindowSeconds\":\"sixty\"}",
                "{\"destinationConfiguration\":{\"s3\":{\"bucketName\":7}}}",
                "{\"destinationConfiguration\":[]}",
                "{\"destinationConfiguration\":");
        for (Object body : bad) {
            as(account).body(body).log().ifValidationFails().post("/CreateRecordingConfiguration").then()
                    .log().ifValidationFails().statusCode(400)
                    .header("x-amzn-ErrorType", "ValidationException")
                    .body("exceptionMessage", notNullValue()).body("message", notNullValue());
        }
        as(account).post("/CreateRecordingConfiguration").then().statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
    }

    static Map<String, Object> with(String member, Object value) {
        Map<String, Object> m = new HashMap<>(minimal("ivs-recordings"));
        m.put(member, value);
        return m;
    }

    @Test
    void shouldAcceptDisabledThumbnailsAndNoRenditions() {
        call("CreateRecordingConfiguration", Map.of("destinationConfiguration",
                Map.of("s3", Map.of("bucketName", "a.b-c")),
                "thumbnailConfiguration", Map.of("recordingMode", "DISABLED"),
                "renditionConfiguration", Map.of("renditionSelection", "NONE"))).statusCode(200)
                .body("recordingConfiguration.thumbnailConfiguration.recordingMode", equalTo("DISABLED"))
                .body("recordingConfiguration.renditionConfiguration.renditionSelection", equalTo("NONE"));
    }

    @Test
    void shouldListPageByPageWithSignedTokens() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            created.add(create());
        }
        List<String> seen = new ArrayList<>();
        String token = null;
        do {
            Map<String, Object> body = token == null ? Map.of("maxResults", 2) : Map.of("maxResults", 2,
                    "nextToken", token);
            ValidatableResponse r = call("ListRecordingConfigurations", body).statusCode(200)
                    .body("recordingConfigurations[0].state", org.hamcrest.Matchers.oneOf("CREATING", "ACTIVE"))
                    .body("recordingConfigurations[0].tags", anEmptyMap())
                    .body("recordingConfigurations[0].destinationConfiguration.s3.bucketName", notNullValue());
            seen.addAll(r.extract().path("recordingConfigurations.arn"));
            token = r.extract().path("nextToken");
        } while (token != null);
        assertEquals(created, seen);
        call("ListRecordingConfigurations", Map.of()).statusCode(200).body("recordingConfigurations", hasSize(3))
                .body("nextToken", nullValue());
        as(account).post("/ListRecordingConfigurations").then().statusCode(200);
        call("ListRecordingConfigurations", Map.of("maxResults", 101)).statusCode(400);
        call("ListRecordingConfigurations", Map.of("nextToken", "forged")).statusCode(400)
                .header("x-amzn-ErrorType", "ValidationException");
        String foreign = as("111122223333").body(Map.of("maxResults", 1)).post("/ListRecordingConfigurations")
                .then().statusCode(200).extract().path("nextToken");
        assertEquals(null, foreign);
    }

    @Test
    void shouldHideOtherAccountsConfigurations() {
        String arn = create();
        as("111122223333").body(Map.of("arn", arn)).post("/GetRecordingConfiguration").then().statusCode(404)
                .header("x-amzn-ErrorType", "ResourceNotFoundException");
        as("111122223333").body(Map.of("arn", arn)).post("/DeleteRecordingConfiguration").then().statusCode(404);
        call("GetRecordingConfiguration", Map.of("arn", arn.substring(0, arn.length() - 3) + "zzz"))
                .statusCode(404);
        call("GetRecordingConfiguration", Map.of("arn", "arn:aws:ivs:us-west-2:1:channel/x")).statusCode(400);
        call("GetRecordingConfiguration", Map.of()).statusCode(400);
    }

    @Test
    void shouldRefuseToDeleteAReferencedConfiguration() {
        String arn = create();
        when(channels.referencesToRecordingConfiguration(arn))
                .thenReturn(Uni.createFrom().item(new ChannelReferencesClient.ReferenceCount(1)));
        call("DeleteRecordingConfiguration", Map.of("arn", arn)).statusCode(409)
                .header("x-amzn-ErrorType", "ConflictException")
                .body("exceptionMessage", containsString("referenced"));
        call("GetRecordingConfiguration", Map.of("arn", arn)).statusCode(200);
        when(channels.referencesToRecordingConfiguration(arn))
                .thenReturn(Uni.createFrom().item(new ChannelReferencesClient.ReferenceCount(0)));
        as(account).body(Map.of("arn", arn)).post("/DeleteRecordingConfiguration").then().statusCode(204)
                .body(equalTo(""));
        call("GetRecordingConfiguration", Map.of("arn", arn)).statusCode(404);
        call("DeleteRecordingConfiguration", Map.of("arn", arn)).statusCode(404);
        verify(tags).deleteQuietly(account, arn);
    }

    @Test
    void shouldAnswerServiceUnavailableWhenChannelServiceIsDown() {
        String arn = create();
        when(channels.referencesToRecordingConfiguration(arn)).thenReturn(Uni.createFrom().failure(
                new jakarta.ws.rs.ProcessingException(new java.net.ConnectException("refused"))));
        call("DeleteRecordingConfiguration", Map.of("arn", arn)).statusCode(503)
                .header("x-amzn-ErrorType", "ServiceUnavailable");
        call("GetRecordingConfiguration", Map.of("arn", arn)).statusCode(200);
    }

    @Test
    void shouldRefuseTheConfigurationBeyondTheQuota() {
        for (int i = 0; i < 20; i++) {
            create();
        }
        call("CreateRecordingConfiguration", minimal("ivs-recordings")).statusCode(402)
                .header("x-amzn-ErrorType", "ServiceQuotaExceededException");
    }

    @Test
    void shouldServeTheInternalLookups() {
        String arn = create();
        as(account).queryParam("arn", arn).get("/internal/resources").then().statusCode(200)
                .body("arn", equalTo(arn));
        as("111122223333").queryParam("arn", arn).get("/internal/resources").then().statusCode(404);
        given().header("x-ivs-internal-token", "local-internal-token").queryParam("arn", arn)
                .get("/internal/recording-configurations").then().statusCode(200)
                .body("arn", equalTo(arn)).body("state", org.hamcrest.Matchers.oneOf("CREATING", "ACTIVE"))
                .body("destinationConfiguration.s3.bucketName", equalTo("ivs-recordings"));
        as(account).queryParam("arn", arn + "x").get("/internal/recording-configurations").then().statusCode(404);
        as(account).queryParam("arn", "garbage").get("/internal/resources").then().statusCode(400);
    }

    @Test
    void shouldWriteEventsForCreateAndDelete() {
        String arn = create();
        call("DeleteRecordingConfiguration", Map.of("arn", arn)).statusCode(204);
        List<String> rows = new ArrayList<>();
        pool.preparedQuery("SELECT topic, type, payload FROM outbox_event WHERE msg_key = $1 OR aggregate_id = $1 "
                + "OR payload LIKE $2 ORDER BY seq").execute(Tuple.of(arn, "%" + arn + "%")).await().indefinitely()
                .forEach(r -> rows.add(r.getString("topic") + " " + r.getString("type")));
        assertEquals(List.of("ivs.recording RecordingConfigurationCreated.v1",
                "ivs.eventbridge AWS API Call via CloudTrail",
                "ivs.recording RecordingConfigurationDeleted.v1",
                "ivs.eventbridge AWS API Call via CloudTrail"), rows);
    }
}
