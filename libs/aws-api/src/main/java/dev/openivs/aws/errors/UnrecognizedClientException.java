package dev.openivs.aws.errors;

public class UnrecognizedClientException extends AwsException {
    public UnrecognizedClientException() { super(AwsErrorShape.UnrecognizedClientException, null); }
    public UnrecognizedClientException(String message) { super(AwsErrorShape.UnrecognizedClientException, message); }
}
