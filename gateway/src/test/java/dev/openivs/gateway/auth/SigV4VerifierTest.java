package dev.openivs.gateway.auth;

import static dev.openivs.gateway.SdkSigning.ACCOUNT_A;
import static dev.openivs.gateway.SdkSigning.KEY_A;
import static dev.openivs.gateway.SdkSigning.SECRET_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.gateway.SdkSigning;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;

/** The verifier against requests signed by the AWS SDK's own signer, and every way a request can be wrong. */
class SigV4VerifierTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final String ARN = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
    private static final String ENCODED_ARN = URLEncoder.encode(ARN, StandardCharsets.UTF_8);

    private final SigV4Verifier verifier = new SigV4Verifier(
            new AccountRegistry(List.of(new Credential(ACCOUNT_A, KEY_A, SECRET_A))), "us-west-2",
            Duration.ofMinutes(15));

    @Test
    void shouldAcceptSdkSignedRequestsOfEveryShape() {
        byte[] json = ("{\"arn\":\"" + ARN + "\"}").getBytes(StandardCharsets.UTF_8);
        assertEquals(ACCOUNT_A, verify(signed(post("/GetChannel", json), json, NOW), json, NOW));
        assertEquals(ACCOUNT_A, verify(signed(post("/ListChannels", new byte[0]), new byte[0], NOW), new byte[0], NOW));

        SdkHttpRequest tags = request(SdkHttpMethod.GET, "/tags/" + ENCODED_ARN).build();
        assertEquals(ACCOUNT_A, verify(signed(tags, null, NOW), null, NOW));

        SdkHttpRequest untag = request(SdkHttpMethod.DELETE, "/tags/" + ENCODED_ARN)
                .appendRawQueryParameter("tagKeys", "zeta")
                .appendRawQueryParameter("tagKeys", "alpha beta")
                .appendRawQueryParameter("tagKeys", "ümlaut+plus/slash~tilde*star")
                .appendRawQueryParameter("empty", "")
                .build();
        assertEquals(ACCOUNT_A, verify(signed(untag, null, NOW), null, NOW));

        byte[] unicode = "{\"name\":\"caf\u00e9 \u2603\"}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest spaced = post("/CreateChannel", unicode).toBuilder()
                .putHeader("X-Custom", List.of("  a    b  ", "second"))
                .build();
        assertEquals(ACCOUNT_A, verify(signed(spaced, unicode, NOW), unicode, NOW));
    }

    @Test
    void shouldAcceptRequestsSignedOnTwoDatesWithCachedKeys() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        Instant beforeMidnight = Instant.parse("2026-03-01T23:59:50Z");
        Instant afterMidnight = Instant.parse("2026-03-02T00:00:10Z");
        for (int i = 0; i < 3; i++) {
            assertEquals(ACCOUNT_A, verify(signed(post("/ListChannels", json), json, beforeMidnight), json,
                    afterMidnight));
            assertEquals(ACCOUNT_A, verify(signed(post("/ListChannels", json), json, afterMidnight), json,
                    afterMidnight));
        }
    }

    @Test
    void shouldAcceptSkewUnderFifteenMinutes() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        assertEquals(ACCOUNT_A, verify(signed(post("/ListChannels", json), json, NOW.minusSeconds(14 * 60)), json,
                NOW));
        assertEquals(ACCOUNT_A, verify(signed(post("/ListChannels", json), json, NOW.plusSeconds(14 * 60)), json,
                NOW));
    }

    @Test
    void shouldRefuseExpiredAndFutureSignatures() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        AwsException expired = refused(signed(post("/ListChannels", json), json, NOW.minusSeconds(16 * 60)), json);
        assertEquals(AwsErrorShape.InvalidSignatureException, expired.shape());
        assertTrue(expired.getMessage().startsWith("Signature expired: 20260301T114400Z is now earlier than "
                + "20260301T114500Z (20260301T120000Z - 15 min.)"), expired.getMessage());
        AwsException future = refused(signed(post("/ListChannels", json), json, NOW.plusSeconds(16 * 60)), json);
        assertEquals(AwsErrorShape.InvalidSignatureException, future.shape());
        assertTrue(future.getMessage().startsWith("Signature not yet current"), future.getMessage());
    }

    @Test
    void shouldRefuseBodyChangedAfterSigning() {
        byte[] json = "{\"name\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = signed(post("/CreateChannel", json), json, NOW);
        byte[] changed = "{\"name\":\"b\"}".getBytes(StandardCharsets.UTF_8);
        AwsException e = assertThrows(AwsException.class, () -> verify(signed, changed, NOW));
        assertEquals(AwsErrorShape.InvalidSignatureException, e.shape());
    }

    @Test
    void shouldRefuseChangedSignedHeaderPathOrQuery() {
        SdkHttpRequest untag = request(SdkHttpMethod.DELETE, "/tags/" + ENCODED_ARN)
                .appendRawQueryParameter("tagKeys", "a").build();
        SdkHttpRequest signed = signed(untag, null, NOW);
        assertInvalid(signed.toBuilder().putHeader("X-Amz-Date", "20260301T120001Z").build());
        assertInvalid(signed.toBuilder().encodedPath("/tags/" + ENCODED_ARN.replace("abcd", "abce")).build());
        assertInvalid(signed.toBuilder().putRawQueryParameter("tagKeys", "b").build());
        assertInvalid(signed.toBuilder().method(SdkHttpMethod.GET).build());
        assertInvalid(signed.toBuilder().putHeader("Host", "other.example:8080").build());
    }

    @Test
    void shouldRefuseWrongSecretAndUnknownKey() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest wrongSecret = SdkSigning.sign(post("/ListChannels", json), json, KEY_A, "not-the-secret", NOW);
        assertEquals(AwsErrorShape.InvalidSignatureException, refused(wrongSecret, json).shape());
        SdkHttpRequest unknownKey = SdkSigning.sign(post("/ListChannels", json), json, "AKIAUNKNOWNUNKNOWN00", SECRET_A,
                NOW);
        assertEquals(AwsErrorShape.UnrecognizedClientException, refused(unknownKey, json).shape());
    }

    @Test
    void shouldRefuseWrongRegionOrService() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        AwsException region = refused(SdkSigning.sign(post("/ListChannels", json), json, KEY_A, SECRET_A, NOW,
                "eu-west-1", "ivs"), json);
        assertEquals(AwsErrorShape.InvalidSignatureException, region.shape());
        assertEquals("Credential should be scoped to a valid region, not 'eu-west-1'.", region.getMessage());
        AwsException service = refused(SdkSigning.sign(post("/ListChannels", json), json, KEY_A, SECRET_A, NOW,
                "us-west-2", "s3"), json);
        assertEquals("Credential should be scoped to correct service: 'ivs'.", service.getMessage());
    }

    @Test
    void shouldRefuseMissingOrMalformedAuthorization() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest signed = signed(post("/ListChannels", json), json, NOW);
        assertEquals(AwsErrorShape.MissingAuthenticationTokenException,
                refused(signed.toBuilder().removeHeader("Authorization").build(), json).shape());
        String auth = signed.firstMatchingHeader("Authorization").orElseThrow();
        assertIncomplete(signed, json, a -> a.replace("Credential=", "Cred="), "requires 'Credential'");
        assertIncomplete(signed, json, a -> a.replace("AWS4-HMAC-SHA256", "AWS4-HMAC-SHA512"), "Unsupported");
        assertIncomplete(signed, json, a -> a.replace("/us-west-2/", "/"), "exactly 5 slash-delimited");
        assertIncomplete(signed, json, a -> "Bearer abc", "Unsupported");
        assertIncomplete(signed, json, a -> a.replaceAll("SignedHeaders=[^,]*", "SignedHeaders=content-type;host"),
                "'X-Amz-Date' must be");
        assertEquals(AwsErrorShape.IncompleteSignatureException,
                refused(signed.toBuilder().removeHeader("X-Amz-Date").build(), json).shape());
        assertEquals(AwsErrorShape.IncompleteSignatureException,
                refused(signed.toBuilder().putHeader("X-Amz-Date", "2026-03-01T12:00:00Z").build(), json).shape());
        assertTrue(auth.startsWith("AWS4-HMAC-SHA256 Credential=" + KEY_A + "/20260301/us-west-2/ivs/aws4_request"));
    }

    @Test
    void shouldRefuseContentHashThatDoesNotMatchTheBody() {
        byte[] json = "{}".getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest unsigned = signed(post("/ListChannels", json), json, NOW).toBuilder()
                .putHeader("x-amz-content-sha256", "UNSIGNED-PAYLOAD").build();
        AwsException e = refused(unsigned, json);
        assertEquals(AwsErrorShape.InvalidSignatureException, e.shape());
        assertTrue(e.getMessage().contains("x-amz-content-sha256"), e.getMessage());
    }

    @Test
    void shouldCanonicalizeLikeTheSdk() {
        StringBuilder uri = new StringBuilder();
        SigV4Verifier.appendCanonicalUri(uri, "/tags/arn%3Aaws%3Aivs");
        assertEquals("/tags/arn%253Aaws%253Aivs", uri.toString());
        assertEquals("/a/c/", SigV4Verifier.removeDotSegments("/a/./b/../c/"));
        StringBuilder query = new StringBuilder();
        SigV4Verifier.appendCanonicalQuery(query, "b=2&a=%7e&a=1&c&d=x%2By");
        assertEquals("a=1&a=~&b=2&c=&d=x%2By", query.toString());
    }

    private void assertIncomplete(SdkHttpRequest signed, byte[] body, UnaryOperator<String> change, String text) {
        String auth = signed.firstMatchingHeader("Authorization").orElseThrow();
        AwsException e = refused(signed.toBuilder().putHeader("Authorization", change.apply(auth)).build(), body);
        assertEquals(AwsErrorShape.IncompleteSignatureException, e.shape(), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }

    private void assertInvalid(SdkHttpRequest request) {
        assertEquals(AwsErrorShape.InvalidSignatureException, refused(request, null).shape());
    }

    private AwsException refused(SdkHttpRequest request, byte[] body) {
        return assertThrows(AwsException.class, () -> verify(request, body, NOW));
    }

    /** Runs both steps as the gateway does and returns the account. */
    private String verify(SdkHttpRequest request, byte[] body, Instant now) {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap();
        request.forEachHeader((name, values) -> values.forEach(v -> headers.add(name, v)));
        if (!headers.contains("Host")) {
            headers.add("Host", request.host() + (request.port() == 80 ? "" : ":" + request.port()));
        }
        SignedRequest signed = verifier.authenticate(headers, now.toEpochMilli());
        verifier.verify(signed, request.method().name(), request.encodedPath(), request.getUri().getRawQuery(),
                headers, headers.get("Host"), body == null ? null : Buffer.buffer(body));
        return signed.credential().accountId();
    }

    private static SdkHttpRequest signed(SdkHttpRequest request, byte[] body, Instant at) {
        return SdkSigning.sign(request, body, KEY_A, SECRET_A, at);
    }

    private static SdkHttpRequest post(String path, byte[] body) {
        return request(SdkHttpMethod.POST, path)
                .putHeader("Content-Type", "application/json")
                .putHeader("Content-Length", Integer.toString(body.length))
                .build();
    }

    private static SdkHttpRequest.Builder request(SdkHttpMethod method, String encodedPath) {
        return SdkHttpRequest.builder().method(method).protocol("http").host("127.0.0.1").port(8080)
                .encodedPath(encodedPath);
    }
}
