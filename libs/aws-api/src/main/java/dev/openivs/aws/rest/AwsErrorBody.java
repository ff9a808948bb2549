package dev.openivs.aws.rest;

/** The body of every AWS error: the model's member {@code exceptionMessage}, and {@code message} for the SDKs. */
public record AwsErrorBody(String exceptionMessage, String message) {
    public static AwsErrorBody of(String message) {
        return new AwsErrorBody(message, message);
    }
}
