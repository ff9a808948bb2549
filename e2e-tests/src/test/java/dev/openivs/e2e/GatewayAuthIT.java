package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.AccessDeniedException;
import software.amazon.awssdk.services.ivs.model.BatchGetChannelResponse;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.ChannelSummary;
import software.amazon.awssdk.services.ivs.model.IvsException;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;

/**
 * The gateway against the running suite: SigV4 failures come back as AWS gives them, and the second account can
 * neither read, change, tag nor delete the first account's channel, and no list leaks it.
 */
class GatewayAuthIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private static IvsClient a;
    private static IvsClient b;
    private static Channel channelA;

    @BeforeAll
    static void createChannelOfAccountA() {
        a = client(Suite.KEY_A, Suite.SECRET_A);
        b = client(Suite.KEY_B, Suite.SECRET_B);
        channelA = a.createChannel(r -> r.name("gateway-auth-it").tags(Map.of("owner", "a"))).channel();
    }

    @AfterAll
    static void deleteChannel() {
        if (channelA != null) {
            a.deleteChannel(r -> r.arn(channelA.arn()));
        }
    }

    @Test
    void shouldServeTheRightKeys() {
        assertEquals(Suite.ACCOUNT_A, channelA.arn().split(":")[4]);
        Channel read = a.getChannel(r -> r.arn(channelA.arn())).channel();
        assertEquals("gateway-auth-it", read.name());
        assertNotNull(a.getChannel(r -> r.arn(channelA.arn())).responseMetadata().requestId());
    }

    @Test
    void shouldRefuseAWrongSecret() {
        try (IvsClient wrong = Suite.client(Suite.KEY_A, Suite.SECRET_B)) {
            assertError(() -> wrong.listChannels(r -> { }), 403, "InvalidSignatureException");
        }
    }

    @Test
    void shouldRefuseAnUnknownKey() {
        try (IvsClient unknown = Suite.client("AKIAUNKNOWNKEY000000", Suite.SECRET_A)) {
            assertError(() -> unknown.listChannels(r -> { }), 403, "UnrecognizedClientException");
        }
    }

    @Test
    void shouldRefuseARequestWithoutSignature() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(Suite.endpoint().resolve("/ListChannels"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertAwsError(response, 403, "MissingAuthenticationTokenException");
        assertEquals("Missing Authentication Token", JSON.readTree(response.body()).get("message").asText());
    }

    @Test
    void shouldRefuseAMalformedAuthorizationHeader() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(Suite.endpoint().resolve("/ListChannels"))
                .header("Content-Type", "application/json")
                .header("Authorization", "AWS4-HMAC-SHA256 Credential=" + Suite.KEY_A + "/20260101/us-west-2/ivs")
                .header("X-Amz-Date", "20260101T000000Z")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
        assertAwsError(response, 400, "IncompleteSignatureException");
    }

    @Test
    void shouldRefuseASkewedClock() throws Exception {
        String body = "{\"arn\":\"" + channelA.arn() + "\"}";
        HttpResponse<String> late = sendSigned("GetChannel", body, body, Instant.now().minus(Duration.ofMinutes(20)));
        assertAwsError(late, 403, "InvalidSignatureException");
        assertTrue(JSON.readTree(late.body()).get("message").asText().startsWith("Signature expired"), late.body());
        HttpResponse<String> early = sendSigned("GetChannel", body, body, Instant.now().plus(Duration.ofMinutes(20)));
        assertAwsError(early, 403, "InvalidSignatureException");
        assertEquals(200, sendSigned("GetChannel", body, body, Instant.now().minus(Duration.ofMinutes(5)))
                .statusCode());
    }

    @Test
    void shouldRefuseABodyChangedAfterSigning() throws Exception {
        String signed = "{\"name\":\"signed\"}";
        HttpResponse<String> response = sendSigned("CreateChannel", signed, "{\"name\":\"forged\"}", Instant.now());
        assertAwsError(response, 403, "InvalidSignatureException");
        assertTrue(a.listChannels(r -> r.filterByName("forged")).channels().isEmpty());
    }

    @Test
    void shouldAnswerUnknownOperationsWithUnknownOperation() throws Exception {
        for (String operation : List.of("CreateAdConfigurations", "GetSomething")) {
            assertAwsError(sendSigned(operation, "{}", "{}", Instant.now()), 404, "UnknownOperationException");
        }
    }

    @Test
    void shouldKeepAccountBAwayFromAccountAsChannel() {
        String arn = channelA.arn();
        assertDenied(() -> b.getChannel(r -> r.arn(arn)));
        assertDenied(() -> b.updateChannel(r -> r.arn(arn).name("taken-over")));
        assertDenied(() -> b.tagResource(r -> r.resourceArn(arn).tags(Map.of("owner", "b"))));
        assertDenied(() -> b.untagResource(r -> r.resourceArn(arn).tagKeys("owner")));
        assertDenied(() -> b.listTagsForResource(r -> r.resourceArn(arn)));
        assertDenied(() -> b.createStreamKey(r -> r.channelArn(arn)));
        assertDenied(() -> b.deleteChannel(r -> r.arn(arn)));

        BatchGetChannelResponse batch = b.batchGetChannel(r -> r.arns(arn));
        assertTrue(batch.channels().isEmpty(), "batch leaked " + batch.channels());
        assertEquals(1, batch.errors().size());

        Channel still = a.getChannel(r -> r.arn(arn)).channel();
        assertEquals("gateway-auth-it", still.name());
        assertEquals(Map.of("owner", "a"), a.listTagsForResource(r -> r.resourceArn(arn)).tags());
    }

    @Test
    void shouldNeverListAnotherAccountsResources() {
        Channel channelB = b.createChannel(r -> r.name("gateway-auth-it")).channel();
        try {
            List<String> seenByB = b.listChannelsPaginator(r -> r.filterByName("gateway-auth-it")).stream()
                    .flatMap(p -> p.channels().stream())
                    .map(ChannelSummary::arn).toList();
            assertTrue(seenByB.contains(channelB.arn()));
            assertFalse(seenByB.contains(channelA.arn()));
            assertTrue(seenByB.stream().allMatch(x -> x.contains(":" + Suite.ACCOUNT_B + ":")), seenByB.toString());
            List<String> seenByA = a.listChannelsPaginator(r -> r.filterByName("gateway-auth-it")).stream()
                    .flatMap(p -> p.channels().stream())
                    .map(ChannelSummary::arn).toList();
            assertTrue(seenByA.contains(channelA.arn()));
            assertFalse(seenByA.contains(channelB.arn()));
            assertTrue(b.listStreamKeys(r -> r.channelArn(channelB.arn())).streamKeys().stream()
                    .allMatch(k -> k.arn().contains(":" + Suite.ACCOUNT_B + ":")));
        } finally {
            b.deleteChannel(r -> r.arn(channelB.arn()));
        }
    }

    /** Another account's resource is AccessDenied 403 or ResourceNotFound 404, never its data. */
    private static void assertDenied(Executable call) {
        IvsException e = assertThrows(IvsException.class, call);
        assertTrue(e instanceof ResourceNotFoundException || e instanceof AccessDeniedException,
                e.getClass().getSimpleName() + ": " + e.getMessage());
    }

    private static void assertError(Executable call, int status, String code) {
        IvsException e = assertThrows(IvsException.class, call);
        assertEquals(status, e.statusCode(), e.getMessage());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    private static void assertAwsError(HttpResponse<String> response, int status, String type) throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(type, response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
        assertTrue(JSON.readTree(response.body()).has("exceptionMessage"), response.body());
    }

    /** POST /{operation} signed by the SDK's SigV4 signer over {@code signedBody} at {@code at}, sending {@code body}. */
    private static HttpResponse<String> sendSigned(String operation, String signedBody, String body, Instant at) {
        byte[] bytes = signedBody.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(Suite.endpoint().resolve("/" + operation))
                .method(SdkHttpMethod.POST).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(Suite.KEY_A, Suite.SECRET_A))
                .request(request)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ivs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Suite.REGION.id())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signed.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        return send(builder.build());
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Like {@link Suite#client} (error codes seen as sent) except that ThrottlingException is retried with back-off,
     * so these checks hold with the AWS default quotas (5 TPS per channel operation) switched on.
     */
    static IvsClient client(String key, String secret) {
        return Suite.throttleTolerantClient(key, secret);
    }
}
