package dev.openivs.aws.errors;

public class IncompleteSignatureException extends AwsException {
    public IncompleteSignatureException() { super(AwsErrorShape.IncompleteSignatureException, null); }
    public IncompleteSignatureException(String message) { super(AwsErrorShape.IncompleteSignatureException, message); }
}
