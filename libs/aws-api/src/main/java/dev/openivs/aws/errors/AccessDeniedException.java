package dev.openivs.aws.errors;

public class AccessDeniedException extends AwsException {
    public AccessDeniedException() { super(AwsErrorShape.AccessDeniedException, null); }
    public AccessDeniedException(String message) { super(AwsErrorShape.AccessDeniedException, message); }
}
