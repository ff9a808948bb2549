package dev.openivs.aws.errors;

public class InvalidSignatureException extends AwsException {
    public InvalidSignatureException() { super(AwsErrorShape.InvalidSignatureException, null); }
    public InvalidSignatureException(String message) { super(AwsErrorShape.InvalidSignatureException, message); }
}
