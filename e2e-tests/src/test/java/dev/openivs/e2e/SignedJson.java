package dev.openivs.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * IVS operations the AWS SDK for Java in the poms (2.40.2) does not model yet (the ad operations, and
 * {@code adConfigurationArn} on channels): the JSON body signed with the SDK's own SigV4 signer, sent as the SDK
 * sends it ({@code POST /<Operation>}, service {@code ivs}). ThrottlingException is retried with a back-off, as the
 * SDK clients of {@link Suite} do.
 */
final class SignedJson {
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Headers java.net.http sets itself. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final String accessKey;
    private final String secret;

    /** One answer: status, the parsed body ({@code {}} when empty) and the AWS error type, if any. */
    record Answer(int status, JsonNode body, String errorType) {
        String message() {
            return body.path("message").asText("");
        }
    }

    SignedJson(String accessKey, String secret) {
        this.accessKey = accessKey;
        this.secret = secret;
    }

    static SignedJson a() {
        return new SignedJson(Suite.KEY_A, Suite.SECRET_A);
    }

    static SignedJson b() {
        return new SignedJson(Suite.KEY_B, Suite.SECRET_B);
    }

    Answer call(String operation, String body) {
        for (int attempt = 0; ; attempt++) {
            Answer answer = once(operation, body);
            if (answer.status() != 429 || attempt >= 8) {
                return answer;
            }
            sleep(200L << Math.min(attempt, 4));
        }
    }

    private Answer once(String operation, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(Suite.endpoint().resolve("/" + operation))
                .method(SdkHttpMethod.POST).putHeader("Content-Type", "application/json").build();
        SdkHttpRequest signed = AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(accessKey, secret))
                .request(request)
                .payload(() -> new ByteArrayInputStream(bytes))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ivs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, Suite.REGION.id()))
                .request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(signed.getUri()).timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        signed.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = response.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(response.body());
            return new Answer(response.statusCode(), json,
                    response.headers().firstValue("x-amzn-ErrorType").orElse(null));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
