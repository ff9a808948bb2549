package dev.openivs.aws.errors;

public class ValidationException extends AwsException {
    public ValidationException() { super(AwsErrorShape.ValidationException, null); }
    public ValidationException(String message) { super(AwsErrorShape.ValidationException, message); }
}
