package dev.openivs.aws.shapes;

/** The model's {@code BatchError}: one ARN a BatchGet* call could not return, and why. */
public record BatchError(String arn, String code, String message) {
}
