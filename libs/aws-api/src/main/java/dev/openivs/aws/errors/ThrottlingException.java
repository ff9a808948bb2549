package dev.openivs.aws.errors;

public class ThrottlingException extends AwsException {
    public ThrottlingException() { super(AwsErrorShape.ThrottlingException, null); }
    public ThrottlingException(String message) { super(AwsErrorShape.ThrottlingException, message); }
}
