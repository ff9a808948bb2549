package dev.openivs.gateway;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/** Signs requests with the AWS SDK's own SigV4 signer (the one the IVS client uses), for tests. */
public final class SdkSigning {
    public static final String ACCOUNT_A = "123456789012";
    public static final String KEY_A = "AKIAIOSFODNN7EXAMPLE";
    public static final String SECRET_A = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    public static final String ACCOUNT_B = "210987654321";
    public static final String KEY_B = "AKIAI44QH8DHBEXAMPLE";
    public static final String SECRET_B = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY";
    public static final String REGION = "us-west-2";

    private SdkSigning() {
    }

    public static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String key, String secret, Instant at) {
        return sign(request, body, key, secret, at, REGION, "ivs");
    }

    public static SdkHttpRequest sign(SdkHttpRequest request, byte[] body, String key, String secret, Instant at,
            String region, String service) {
        return AwsV4HttpSigner.create().sign(r -> r
                .identity(AwsCredentialsIdentity.create(key, secret))
                .request(request)
                .payload(body == null ? null : ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region)
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, Clock.fixed(at, ZoneOffset.UTC)))
                .request();
    }
}
