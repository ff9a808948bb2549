package dev.openivs.aws.errors;

public class ServiceUnavailable extends AwsException {
    public ServiceUnavailable() { super(AwsErrorShape.ServiceUnavailable, null); }
    public ServiceUnavailable(String message) { super(AwsErrorShape.ServiceUnavailable, message); }
}
