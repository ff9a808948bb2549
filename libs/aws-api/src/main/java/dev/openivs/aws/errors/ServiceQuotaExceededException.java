package dev.openivs.aws.errors;

public class ServiceQuotaExceededException extends AwsException {
    public ServiceQuotaExceededException() { super(AwsErrorShape.ServiceQuotaExceededException, null); }
    public ServiceQuotaExceededException(String message) { super(AwsErrorShape.ServiceQuotaExceededException, message); }
}
