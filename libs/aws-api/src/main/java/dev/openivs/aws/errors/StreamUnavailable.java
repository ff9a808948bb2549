package dev.openivs.aws.errors;

public class StreamUnavailable extends AwsException {
    public StreamUnavailable() { super(AwsErrorShape.StreamUnavailable, null); }
    public StreamUnavailable(String message) { super(AwsErrorShape.StreamUnavailable, message); }
}
