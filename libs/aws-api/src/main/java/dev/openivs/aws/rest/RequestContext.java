package dev.openivs.aws.rest;

import jakarta.enterprise.context.RequestScoped;

/** The verified caller of the current request: account, request id and what CloudTrail records. */
@RequestScoped
public class RequestContext {
    private String accountId;
    private String requestId;
    private String accessKeyId;
    private String sourceIp;
    private String userAgent;

    public String accountId() {
        return accountId;
    }

    /** The caller's account; refused when the gateway did not name one. */
    public String requireAccountId() {
        if (accountId == null) {
            throw new dev.openivs.aws.errors.AccessDeniedException();
        }
        return accountId;
    }

    public String requestId() {
        return requestId;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    public String sourceIp() {
        return sourceIp;
    }

    public String userAgent() {
        return userAgent;
    }

    void fill(String accountId, String requestId, String accessKeyId, String sourceIp, String userAgent) {
        this.accountId = accountId;
        this.requestId = requestId;
        this.accessKeyId = accessKeyId;
        this.sourceIp = sourceIp;
        this.userAgent = userAgent;
    }
}
