package dev.openivs.gateway;

import static dev.openivs.gateway.SdkSigning.ACCOUNT_A;
import static dev.openivs.gateway.SdkSigning.ACCOUNT_B;
import static dev.openivs.gateway.SdkSigning.KEY_A;
import static dev.openivs.gateway.SdkSigning.KEY_B;
import static dev.openivs.gateway.SdkSigning.SECRET_A;
import static dev.openivs.gateway.SdkSigning.SECRET_B;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.gateway.StubUpstream.Received;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.ChannelNotBroadcastingException;
import software.amazon.awssdk.services.ivs.model.GetChannelResponse;
import software.amazon.awssdk.services.ivs.model.IvsException;
import software.amazon.awssdk.services.ivs.model.ListTagsForResourceResponse;

/** The gateway in front of a stub upstream, driven by the real AWS SDK (client and signer). */
@QuarkusTest
@QuarkusTestResource(StubUpstream.class)
class GatewayTest {
    static final String ARN_A = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void clearStub() {
        StubUpstream.RECEIVED.clear();
    }

    IvsClient clientA() {
        return TestClients.sdk(base, KEY_A, SECRET_A);
    }

    @Test
    void shouldForwardSdkRequestWithVerifiedAccountAndInternalHeaders() throws Exception {
        try (IvsClient ivs = clientA()) {
            GetChannelResponse response = ivs.getChannel(r -> r.arn(ARN_A));
            assertEquals(ARN_A, response.channel().arn());
            Received received = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
            assertEquals("POST", received.method());
            assertEquals("/GetChannel", received.uri());
            assertEquals("local-internal-token", received.headers().get("x-ivs-internal-token"));
            assertEquals(ACCOUNT_A, received.headers().get("x-ivs-account-id"));
            assertEquals(KEY_A, received.headers().get("x-ivs-access-key-id"));
            assertEquals("127.0.0.1", received.headers().get("x-ivs-source-ip"));
            assertTrue(received.headers().get("x-ivs-user-agent").contains("aws-sdk-java"));
            assertEquals("application/json", received.headers().get("content-type"));
            assertNull(received.headers().get("authorization"));
            assertEquals(response.responseMetadata().requestId(), received.headers().get("x-amzn-requestid"));
            assertEquals(ARN_A, JSON.readTree(received.body()).get("arn").asText());
        }
    }

    @Test
    void shouldPassTheSecondAccountAsItsOwn() throws Exception {
        try (IvsClient ivs = TestClients.sdk(base, KEY_B, SECRET_B)) {
            ivs.getChannel(r -> r.arn(ARN_A));
            assertEquals(ACCOUNT_B, StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS).headers().get("x-ivs-account-id"));
        }
    }

    @Test
    void shouldIgnoreInternalHeadersSentByTheClient() throws Exception {
        SdkHttpRequest signed = SdkSigning.sign(TestClients.signedPost(base, "GetChannel", "{}", Instant.now(), KEY_A,
                SECRET_A).toBuilder().removeHeader("Authorization").putHeader("x-ivs-account-id", ACCOUNT_B)
                .putHeader("x-ivs-internal-token", "forged").build(), "{}".getBytes(StandardCharsets.UTF_8), KEY_A,
                SECRET_A, Instant.now());
        HttpResponse<String> response = TestClients.send(signed, "{}");
        assertEquals(200, response.statusCode());
        Received received = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
        assertEquals(ACCOUNT_A, received.headers().get("x-ivs-account-id"));
        assertEquals("local-internal-token", received.headers().get("x-ivs-internal-token"));
        assertFalse(response.headers().firstValue("x-ivs-debug").isPresent());
        assertTrue(response.headers().firstValue("x-amzn-RequestId").isPresent());
    }

    @Test
    void shouldRouteTagOperationsWithTheEncodedArnAndQuery() throws Exception {
        try (IvsClient ivs = clientA()) {
            ListTagsForResourceResponse tags = ivs.listTagsForResource(r -> r.resourceArn(ARN_A));
            assertEquals("video", tags.tags().get("team"));
            Received list = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
            assertEquals("GET", list.method());
            assertEquals("/tags/arn%3Aaws%3Aivs%3Aus-west-2%3A123456789012%3Achannel%2FabcdABCDefgh", list.uri());

            ivs.untagResource(r -> r.resourceArn(ARN_A).tagKeys("team", "cost center"));
            Received untag = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
            assertEquals("DELETE", untag.method());
            assertTrue(untag.uri().endsWith("?tagKeys=team&tagKeys=cost%20center"), untag.uri());

            ivs.tagResource(r -> r.resourceArn(ARN_A).tags(java.util.Map.of("a", "b")));
            Received tag = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
            assertEquals("POST", tag.method());
            assertEquals("b", JSON.readTree(tag.body()).get("tags").get("a").asText());
        }
    }

    @Test
    void shouldRelayNoContentAndAwsErrorsFromServices() {
        try (IvsClient ivs = clientA()) {
            assertEquals(204, ivs.deleteChannel(r -> r.arn(ARN_A)).sdkHttpResponse().statusCode());
            ChannelNotBroadcastingException e = assertThrows(ChannelNotBroadcastingException.class,
                    () -> ivs.getStream(r -> r.channelArn(ARN_A)));
            assertEquals(404, e.statusCode());
            assertEquals("The stream is offline for the given channel ARN.", e.exceptionMessage());
        }
    }

    @Test
    void shouldRefuseWrongSecret() {
        try (IvsClient ivs = TestClients.sdk(base, KEY_A, SECRET_B)) {
            IvsException e = assertThrows(IvsException.class, () -> ivs.getChannel(r -> r.arn(ARN_A)));
            assertError(e, 403, "InvalidSignatureException");
        }
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    @Test
    void shouldRefuseUnknownKey() {
        try (IvsClient ivs = TestClients.sdk(base, "AKIAUNKNOWNKEY000000", SECRET_A)) {
            IvsException e = assertThrows(IvsException.class, () -> ivs.listChannels(r -> { }));
            assertError(e, 403, "UnrecognizedClientException");
        }
    }

    @Test
    void shouldRefuseRequestWithoutAuthentication() {
        given().contentType("application/json").body("{}").post("/ListChannels").then()
                .statusCode(403)
                .header("x-amzn-ErrorType", "MissingAuthenticationTokenException")
                .header("x-amzn-RequestId", org.hamcrest.Matchers.notNullValue())
                .body("message", equalTo("Missing Authentication Token"))
                .body("exceptionMessage", equalTo("Missing Authentication Token"));
    }

    @Test
    void shouldRefuseMalformedAuthorizationHeader() {
        given().contentType("application/json").header("Authorization", "AWS4-HMAC-SHA256 SignedHeaders=host")
                .header("X-Amz-Date", "20260101T000000Z").body("{}").post("/ListChannels").then()
                .statusCode(400)
                .header("x-amzn-ErrorType", "IncompleteSignatureException")
                .body("message", containsString("requires 'Credential' parameter"));
    }

    @Test
    void shouldRefuseSkewedClock() throws Exception {
        SdkHttpRequest old = TestClients.signedPost(base, "ListChannels", "{}",
                Instant.now().minusSeconds(20 * 60), KEY_A, SECRET_A);
        HttpResponse<String> response = TestClients.send(old, "{}");
        assertEquals(403, response.statusCode());
        assertEquals("InvalidSignatureException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertTrue(JSON.readTree(response.body()).get("message").asText().startsWith("Signature expired: "));
    }

    @Test
    void shouldRefuseBodyChangedAfterSigning() throws Exception {
        String signedBody = "{\"arn\":\"" + ARN_A + "\"}";
        SdkHttpRequest request = TestClients.signedPost(base, "GetChannel", signedBody, Instant.now(), KEY_A, SECRET_A)
                .toBuilder().removeHeader("x-amz-content-sha256").build();
        HttpResponse<String> accepted = TestClients.send(request, signedBody);
        assertEquals(403, accepted.statusCode(), "content-sha256 was signed, removing it breaks the signature");
        SdkHttpRequest signed = TestClients.signedPost(base, "GetChannel", signedBody, Instant.now(), KEY_A, SECRET_A);
        HttpResponse<String> response = TestClients.send(signed, signedBody.replace("abcd", "zzzz"));
        assertEquals(403, response.statusCode());
        assertEquals("InvalidSignatureException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertEquals(200, TestClients.send(signed, signedBody).statusCode());
        assertEquals(1, StubUpstream.RECEIVED.size());
    }

    @Test
    void shouldRouteTheSixAdOperations() throws Exception {
        for (String operation : new String[] {"CreateAdConfiguration", "GetAdConfiguration", "ListAdConfigurations",
                "UpdateAdConfiguration", "DeleteAdConfiguration", "InsertAdBreak"}) {
            HttpResponse<String> response = TestClients.send(
                    TestClients.signedPost(base, operation, "{}", Instant.now(), KEY_A, SECRET_A), "{}");
            assertNotEquals("UnknownOperationException",
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null), operation);
            Received received = StubUpstream.RECEIVED.poll(5, TimeUnit.SECONDS);
            assertEquals("/" + operation, received.uri());
            assertEquals(ACCOUNT_A, received.headers().get("x-ivs-account-id"));
        }
    }

    @Test
    void shouldAnswerUnknownOperationsInAwsFormat() throws Exception {
        for (String operation : new String[] {"CreateAdConfigurations", "NoSuchOperation"}) {
            HttpResponse<String> response = TestClients.send(
                    TestClients.signedPost(base, operation, "{}", Instant.now(), KEY_A, SECRET_A), "{}");
            assertEquals(404, response.statusCode());
            assertEquals("UnknownOperationException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
            assertTrue(JSON.readTree(response.body()).has("exceptionMessage"));
        }
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    @Test
    void shouldServeTheConsoleWithoutTouchingTheApi() throws Exception {
        given().baseUri(base.toString()).redirects().follow(false).get("/console")
                .then().statusCode(302).header("Location", "/console/");
        given().baseUri(base.toString()).get("/console/")
                .then().statusCode(200).contentType(containsString("text/html"))
                .header("X-Content-Type-Options", "nosniff").body(containsString("OpenIVS console"));
        given().baseUri(base.toString()).get("/console/app.js").then().statusCode(200)
                .contentType(containsString("javascript"));
        // only GET/HEAD are the console's: anything else under /console is an (unsigned) API request
        HttpResponse<String> post = TestClients.send(
                TestClients.signedPost(base, "console", "{}", Instant.now(), KEY_A, SECRET_A), "{}");
        assertEquals("UnknownOperationException", post.headers().firstValue("x-amzn-ErrorType").orElse(null));
        given().baseUri(base.toString()).get("/console/no-such-file.js").then().statusCode(404);
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    @Test
    void shouldRefuseOversizeBodyByContentLength() throws Exception {
        SdkHttpRequest signed = TestClients.signedPost(base, "CreateChannel", "{}", Instant.now(), KEY_A, SECRET_A);
        String response = rawExchange(signed, "Content-Length: 2000000\r\n", 2_000_000, false);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("RequestEntityTooLargeException"), response);
        assertTrue(response.contains("\"exceptionMessage\""), response);
    }

    @Test
    void shouldRefuseOversizeChunkedBodyWhileStreaming() throws Exception {
        SdkHttpRequest signed = TestClients.signedPost(base, "CreateChannel", "{}", Instant.now(), KEY_A, SECRET_A);
        String response = rawExchange(signed, "Transfer-Encoding: chunked\r\n", 3_000_000, true);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("RequestEntityTooLargeException"), response);
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    @Test
    void shouldCutAClientThatDoesNotSendItsBody() throws Exception {
        SdkHttpRequest signed = TestClients.signedPost(base, "CreateChannel", "{}", Instant.now(), KEY_A, SECRET_A);
        long start = System.nanoTime();
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST /CreateChannel HTTP/1.1\r\n");
            signed.forEachHeader((name, values) -> values.forEach(v -> head.append(name).append(": ").append(v)
                    .append("\r\n")));
            head.append("Content-Length: 100\r\n\r\n{\"name\":");
            socket.getOutputStream().write(head.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertTrue(response.startsWith("HTTP/1.1 408"), response);
            assertTrue(response.contains("RequestTimeoutException"), response);
            assertTrue(millis >= 1500 && millis < 8000, millis + " ms");
        }
        assertTrue(StubUpstream.RECEIVED.isEmpty());
    }

    @Test
    void shouldAnswerServiceUnavailableWhenServiceIsSlow() {
        long start = System.nanoTime();
        try (IvsClient ivs = clientA()) {
            IvsException e = assertThrows(IvsException.class, () -> ivs.listStreams(r -> { }));
            assertError(e, 503, "ServiceUnavailable");
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis >= 2000 && millis < StubUpstream.SLOW_MILLIS - 1500, "answered after " + millis + " ms");
    }

    @Test
    void shouldAnswerServiceUnavailableWhenServiceIsDown() {
        try (IvsClient ivs = clientA()) {
            IvsException e = assertThrows(IvsException.class, () -> ivs.listRecordingConfigurations(r -> { }));
            assertError(e, 503, "ServiceUnavailable");
        }
    }

    @Test
    void shouldNeverRelayANonAwsErrorBody() throws Exception {
        HttpResponse<String> response = TestClients.send(TestClients.signedPost(base, "StopStream",
                "{\"channelArn\":\"" + ARN_A + "\"}", Instant.now(), KEY_A, SECRET_A), "{\"channelArn\":\"" + ARN_A + "\"}");
        assertEquals(500, response.statusCode());
        assertEquals("InternalServerException", response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        assertFalse(response.body().contains("NullPointerException"));
        JsonNode body = JSON.readTree(response.body());
        assertEquals("Unexpected error during processing of request.", body.get("exceptionMessage").asText());
    }

    @Test
    void shouldThrottleABurstOverTheQuota() {
        try (IvsClient ivs = clientA()) {
            // GetStreamKey is set to 3 TPS for every account in this test (StubUpstream)
            assertBurstLimited(3, () -> ivs.getStreamKey(
                    r -> r.arn("arn:aws:ivs:us-west-2:123456789012:stream-key/abcdABCDefgh")));
        }
        // another account has its own buckets
        try (IvsClient ivs = TestClients.sdk(base, KEY_B, SECRET_B)) {
            ivs.getStreamKey(r -> r.arn("arn:aws:ivs:us-west-2:210987654321:stream-key/abcdABCDefgh"));
        }
    }

    @Test
    void shouldThrottlePutMetadataPerChannel() {
        try (IvsClient ivs = clientA()) {
            // the account quota is raised to 1000 here; the per-channel default of 5 TPS applies
            assertBurstLimited(5, () -> ivs.putMetadata(r -> r.channelArn(ARN_A).metadata("m")));
            ivs.putMetadata(r -> r.channelArn(ARN_A.replace("abcd", "wxyz")).metadata("m"));
        }
    }

    /** A burst of 15 calls: a full bucket's worth plus what refills meanwhile pass, the rest get 429. */
    private static void assertBurstLimited(int tps, Runnable call) {
        int ok = 0;
        int throttled = 0;
        long start = System.nanoTime();
        for (int i = 0; i < 15; i++) {
            try {
                call.run();
                ok++;
            } catch (IvsException e) {
                assertError(e, 429, "ThrottlingException");
                throttled++;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertTrue(ok >= tps, ok + " passed");
        assertTrue(ok <= tps + Math.ceil(tps * seconds) + 1, ok + " passed in " + seconds + " s");
        assertTrue(throttled > 0 || seconds > 2, "none throttled");
    }

    @Test
    void shouldExposePerOperationMetricsAndHealth() {
        try (IvsClient ivs = clientA()) {
            ivs.getChannel(r -> r.arn(ARN_A));
        }
        given().contentType("application/json").body("{}").post("/GetChannel").then().statusCode(403);
        given().get("/q/metrics").then().statusCode(200)
                .body(containsString("ivs_gateway_requests_seconds_count{operation=\"GetChannel\"}"))
                .body(containsString("ivs_gateway_requests_seconds_bucket{operation=\"GetChannel\""))
                .body(containsString("ivs_gateway_errors_total{error=\"MissingAuthenticationTokenException\","
                        + "operation=\"GetChannel\",status=\"403\"}"));
        given().get("/q/health").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks[0].data.recording-service", equalTo("DOWN"))
                .body("checks[0].data.channel-service", equalTo("UP"));
    }

    private static void assertError(IvsException e, int status, String code) {
        assertEquals(status, e.statusCode(), e.getMessage());
        assertEquals(code, e.awsErrorDetails().errorCode());
    }

    /** Sends headers of a signed request over a raw socket, then streams up to {@code bodyBytes} until answered. */
    private String rawExchange(SdkHttpRequest signed, String framing, int bodyBytes, boolean chunked)
            throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder head = new StringBuilder("POST /CreateChannel HTTP/1.1\r\n");
            signed.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Content-Length")) {
                    values.forEach(v -> head.append(name).append(": ").append(v).append("\r\n"));
                }
            });
            head.append(framing).append("\r\n");
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(head.toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            byte[] chunk = new byte[64 * 1024];
            java.util.Arrays.fill(chunk, (byte) 'x');
            try {
                for (int sent = 0; sent < bodyBytes && in.available() == 0; sent += chunk.length) {
                    if (chunked) {
                        out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(chunk);
                        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                    } else {
                        out.write(chunk, 0, 1024);
                        Thread.sleep(50);
                    }
                    out.flush();
                }
            } catch (java.io.IOException closedByServer) {
                // the gateway closes the connection after its 413
            }
            byte[] buffer = new byte[8192];
            int n = in.read(buffer);
            return n <= 0 ? "" : new String(buffer, 0, n, StandardCharsets.UTF_8);
        }
    }
}
