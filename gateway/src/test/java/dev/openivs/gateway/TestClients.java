package dev.openivs.gateway;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ivs.IvsClient;

/** Real AWS SDK clients and SDK-signed raw requests against the gateway under test. */
public final class TestClients {
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestClients() {
    }

    public static IvsClient sdk(URI endpoint, String key, String secret) {
        return IvsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_WEST_2)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(20)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(RetryPolicy.none()).build())
                .build();
    }

    /** A POST /{operation} request signed by the SDK signer at the given time. */
    public static SdkHttpRequest signedPost(URI endpoint, String operation, String json, Instant at, String key,
            String secret) {
        byte[] body = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        SdkHttpRequest request = SdkHttpRequest.builder().uri(endpoint.resolve("/" + operation))
                .method(SdkHttpMethod.POST)
                .putHeader("Content-Type", "application/json")
                .build();
        return SdkSigning.sign(request, body, key, secret, at);
    }

    /** Sends a (signed) request as is, with the given body (which may differ from the signed one). */
    public static HttpResponse<String> send(SdkHttpRequest request, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(request.getUri()).timeout(Duration.ofSeconds(20))
                .method(request.method().name(), body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        request.forEachHeader((name, values) -> {
            if (!RESTRICTED.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                values.forEach(v -> builder.header(name, v));
            }
        });
        try {
            return HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
