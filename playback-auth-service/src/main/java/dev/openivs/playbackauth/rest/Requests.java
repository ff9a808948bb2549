package dev.openivs.playbackauth.rest;

import dev.openivs.aws.errors.ValidationException;

/** An absent JSON body is an absent required member, reported as the model's validation message. */
final class Requests {
    private Requests() {
    }

    static <T> T required(T request, String member) {
        if (request == null) {
            throw new ValidationException("1 validation error detected: Value null at '" + member
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return request;
    }
}
