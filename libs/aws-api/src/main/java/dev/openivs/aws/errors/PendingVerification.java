package dev.openivs.aws.errors;

public class PendingVerification extends AwsException {
    public PendingVerification() { super(AwsErrorShape.PendingVerification, null); }
    public PendingVerification(String message) { super(AwsErrorShape.PendingVerification, message); }
}
