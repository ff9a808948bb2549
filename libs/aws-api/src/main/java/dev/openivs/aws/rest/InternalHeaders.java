package dev.openivs.aws.rest;

/** Headers the gateway uses to pass the verified caller to services. Trusted only with the internal token. */
public final class InternalHeaders {
    public static final String INTERNAL_TOKEN = "x-ivs-internal-token";
    public static final String ACCOUNT_ID = "x-ivs-account-id";
    public static final String ACCESS_KEY_ID = "x-ivs-access-key-id";
    public static final String SOURCE_IP = "x-ivs-source-ip";
    public static final String USER_AGENT = "x-ivs-user-agent";
    public static final String REQUEST_ID = "x-amzn-RequestId";
    public static final String ERROR_TYPE = "x-amzn-ErrorType";

    private InternalHeaders() {
    }
}
