package dev.openivs.aws.errors;

public class RequestEntityTooLargeException extends AwsException {
    public RequestEntityTooLargeException() { super(AwsErrorShape.RequestEntityTooLargeException, null); }
    public RequestEntityTooLargeException(String message) { super(AwsErrorShape.RequestEntityTooLargeException, message); }
}
