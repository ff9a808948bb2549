package dev.openivs.aws.errors;

public class ResourceNotFoundException extends AwsException {
    public ResourceNotFoundException() { super(AwsErrorShape.ResourceNotFoundException, null); }
    public ResourceNotFoundException(String message) { super(AwsErrorShape.ResourceNotFoundException, message); }
}
