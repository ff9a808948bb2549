package dev.openivs.aws.errors;

public class UnknownOperationException extends AwsException {
    public UnknownOperationException() { super(AwsErrorShape.UnknownOperationException, null); }
    public UnknownOperationException(String message) { super(AwsErrorShape.UnknownOperationException, message); }
}
