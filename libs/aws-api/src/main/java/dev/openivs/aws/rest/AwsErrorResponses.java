package dev.openivs.aws.rest;

import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Turns an AWS error into its wire form: status, {@code x-amzn-ErrorType}, JSON body. */
public final class AwsErrorResponses {
    private AwsErrorResponses() {
    }

    public static Response of(AwsException e) {
        return of(e.shape(), e.getMessage());
    }

    public static Response of(AwsErrorShape shape, String message) {
        return Response.status(shape.status())
                .header(InternalHeaders.ERROR_TYPE, shape.name())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(AwsErrorBody.of(message == null ? shape.defaultMessage() : message))
                .build();
    }
}
