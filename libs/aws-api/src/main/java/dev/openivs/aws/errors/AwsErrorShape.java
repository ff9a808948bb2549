package dev.openivs.aws.errors;

/** Every error shape the suite can return: wire name, HTTP status and the model's default message. */
public enum AwsErrorShape {
    ValidationException(400, "The input fails to satisfy the constraints specified by an Amazon Web Services service."),
    AccessDeniedException(403, "User does not have sufficient access to perform this action."),
    PendingVerification(403, "Your account is pending verification."),
    ResourceNotFoundException(404, "Request references a resource which does not exist."),
    ChannelNotBroadcasting(404, "The stream is offline for the given channel ARN."),
    ConflictException(409, "Updating or deleting a resource can cause an inconsistent state."),
    ServiceQuotaExceededException(402, "Request would cause a service quota to be exceeded."),
    ThrottlingException(429, "Request was denied due to request throttling."),
    InternalServerException(500, "Unexpected error during processing of request."),
    StreamUnavailable(503, "The stream is temporarily unavailable."),
    ServiceUnavailable(503, "The service is temporarily unavailable."),
    // Front-end errors outside the IVS model (routing, size, SigV4).
    UnknownOperationException(404, "The requested operation is not supported."),
    RequestEntityTooLargeException(413, "Request body exceeds the maximum allowed size."),
    MissingAuthenticationTokenException(403, "Missing Authentication Token"),
    UnrecognizedClientException(403, "The security token included in the request is invalid."),
    InvalidSignatureException(403, "The request signature we calculated does not match the signature you provided."
            + " Check your AWS Secret Access Key and signing method. Consult the service documentation for details."),
    IncompleteSignatureException(400, "Authorization header requires 'Credential' parameter.");

    private final int status;
    private final String defaultMessage;

    AwsErrorShape(int status, String defaultMessage) {
        this.status = status;
        this.defaultMessage = defaultMessage;
    }

    public int status() {
        return status;
    }

    public String defaultMessage() {
        return defaultMessage;
    }

    public boolean serverFault() {
        return status >= 500;
    }
}
