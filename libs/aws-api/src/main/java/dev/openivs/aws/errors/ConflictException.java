package dev.openivs.aws.errors;

public class ConflictException extends AwsException {
    public ConflictException() { super(AwsErrorShape.ConflictException, null); }
    public ConflictException(String message) { super(AwsErrorShape.ConflictException, message); }
}
