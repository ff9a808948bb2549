package dev.openivs.aws.errors;

public class MissingAuthenticationTokenException extends AwsException {
    public MissingAuthenticationTokenException() { super(AwsErrorShape.MissingAuthenticationTokenException, null); }
    public MissingAuthenticationTokenException(String message) { super(AwsErrorShape.MissingAuthenticationTokenException, message); }
}
