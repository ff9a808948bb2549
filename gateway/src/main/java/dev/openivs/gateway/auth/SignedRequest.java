package dev.openivs.gateway.auth;

/**
 * What the {@code Authorization} header of a request claims, after the checks that need no body: a known key, a
 * well-formed scope for this region and service, a fresh date. The signature itself is checked by
 * {@link SigV4Verifier#verify}.
 *
 * @param credential the access key the request is signed with
 * @param amzDate the {@code x-amz-date} value, e.g. 20240101T120000Z
 * @param scope the credential scope, date/region/service/aws4_request
 * @param signedHeaders the SignedHeaders list, e.g. host;x-amz-date
 * @param signature the hex signature the client computed
 */
public record SignedRequest(Credential credential, String amzDate, String scope, String signedHeaders,
        String signature) {
}
