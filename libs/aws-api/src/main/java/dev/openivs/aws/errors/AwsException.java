package dev.openivs.aws.errors;

/**
 * Base of every AWS error. Each subclass is one error shape; its {@link AwsErrorShape} gives the wire name
 * ({@code x-amzn-ErrorType}), the HTTP status and the default message.
 */
public abstract class AwsException extends RuntimeException {
    private final AwsErrorShape shape;

    protected AwsException(AwsErrorShape shape, String message) {
        super(message == null ? shape.defaultMessage() : message, null, false, false);
        this.shape = shape;
    }

    public AwsErrorShape shape() {
        return shape;
    }

    /** Builds the exception of the given shape (used where the shape is data, e.g. relayed from a service). */
    public static AwsException of(AwsErrorShape shape, String message) {
        return new AwsException(shape, message) { };
    }
}
