package dev.openivs.e2e;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ivs.IvsClient;

/** How end-to-end tests reach the running suite: the real AWS SDK, only the endpoint overridden. */
public final class Suite {
    public static final String ACCOUNT_A = "123456789012";
    public static final String KEY_A = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_A = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String ACCOUNT_B = "210987654321";
    public static final String KEY_B = "AKIAI44QH8DHBEXAMPLE";
    public static final String SECRET_B = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    public static final Region REGION = Region.US_WEST_2;

    private Suite() {
    }

    public static URI endpoint() {
        String e = System.getProperty("ivs.endpoint");
        if (e == null || e.isBlank() || e.startsWith("${")) {
            e = System.getenv().getOrDefault("IVS_ENDPOINT", "http://127.0.0.1:8080");
        }
        return URI.create(e);
    }

    /** The repository root (for ./ivs and docs/). */
    public static java.io.File root() {
        String r = System.getProperty("ivs.root");
        return new java.io.File(r == null || r.isBlank() ? ".." : r).getAbsoluteFile();
    }

    public static String kafka() {
        return System.getenv().getOrDefault("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092");
    }

    /**
     * Account A's client: every error is seen as sent, except ThrottlingException which is retried with the SDK's
     * throttling back-off (the gateway enforces the AWS quotas, e.g. 5 TPS per channel operation).
     */
    public static IvsClient clientA() {
        return throttleTolerantClient(KEY_A, SECRET_A);
    }

    public static IvsClient clientB() {
        return throttleTolerantClient(KEY_B, SECRET_B);
    }

    /** A client with SDK retries off, so every error (429 included) is seen as sent. */
    public static IvsClient client(String accessKey, String secret) {
        return build(accessKey, secret, RetryPolicy.none());
    }

    /**
     * Like {@link #client} but retries only ThrottlingException (429), with the SDK's throttling back-off: for tests
     * that make bursts of calls against the gateway's AWS rate limits (e.g. 3 TPS for key pair operations).
     */
    public static IvsClient throttleTolerantClient(String accessKey, String secret) {
        RetryPolicy throttlingOnly = RetryPolicy.builder()
                .numRetries(8)
                .retryCondition(software.amazon.awssdk.core.retry.conditions.RetryOnThrottlingCondition.create())
                .throttlingBackoffStrategy(software.amazon.awssdk.core.retry.backoff.BackoffStrategy
                        .defaultThrottlingStrategy())
                .backoffStrategy(software.amazon.awssdk.core.retry.backoff.BackoffStrategy.defaultThrottlingStrategy())
                .build();
        return build(accessKey, secret, throttlingOnly);
    }

    private static IvsClient build(String accessKey, String secret, RetryPolicy retries) {
        return IvsClient.builder()
                .endpointOverride(endpoint())
                .region(REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secret)))
                .httpClientBuilder(UrlConnectionHttpClient.builder().socketTimeout(Duration.ofSeconds(30)))
                .overrideConfiguration(ClientOverrideConfiguration.builder().retryPolicy(retries).build())
                .build();
    }
}
