package dev.openivs.aws.errors;

public class InternalServerException extends AwsException {
    public InternalServerException() { super(AwsErrorShape.InternalServerException, null); }
    public InternalServerException(String message) { super(AwsErrorShape.InternalServerException, message); }
}
