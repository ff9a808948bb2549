package dev.openivs.load;

import io.gatling.http.client.Request;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;

/**
 * Signs Gatling's outgoing requests with the AWS SDK's own SigV4 signer (service "ivs"), exactly as the AWS SDKs
 * do: the signer sees the final method, URL, headers and body bytes, and its headers are copied onto the request.
 */
final class SigV4 {
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private final AwsCredentialsIdentity credentials;
    private final String region;

    SigV4(String accessKeyId, String secretAccessKey, String region) {
        this.credentials = AwsCredentialsIdentity.create(accessKeyId, secretAccessKey);
        this.region = region;
    }

    Request sign(Request request) {
        var uri = request.getUri();
        SdkHttpRequest.Builder http = SdkHttpRequest.builder()
                .method(SdkHttpMethod.fromValue(request.getMethod().name()))
                .protocol(uri.getScheme())
                .host(uri.getHost())
                .port(uri.getExplicitPort())
                .encodedPath(uri.getNonEmptyPath());
        if (uri.getQuery() != null && !uri.getQuery().isEmpty()) {
            for (String pair : uri.getQuery().split("&")) {
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                http.appendRawQueryParameter(name, eq < 0 ? null : decode(pair.substring(eq + 1)));
            }
        }
        request.getHeaders().forEach(h -> http.appendHeader(h.getKey(), h.getValue()));
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        SignedRequest signed = signer.sign(r -> r
                .identity(credentials)
                .request(http.build())
                .payload(ContentStreamProvider.fromInputStreamSupplier(() -> new ByteArrayInputStream(body)))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "ivs")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region));
        for (Map.Entry<String, List<String>> h : signed.request().headers().entrySet()) {
            if (!h.getKey().equalsIgnoreCase("host")) {
                request.getHeaders().set(h.getKey(), h.getValue());
            }
        }
        return request;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
