package dev.openivs.aws.support;

import dev.openivs.aws.errors.ValidationException;
import java.time.Instant;

/**
 * A position in a list ordered by (creation time, id): what {@link PageTokens} signs for keyset pagination. Stable
 * while items are added or removed, unlike an offset.
 */
public record KeysetPosition(Instant time, String id) {
    /** {@code epochMicros:id}. */
    public String encode() {
        long micros = time.getEpochSecond() * 1_000_000L + time.getNano() / 1_000;
        return micros + ":" + id;
    }

    /** The position of a decoded token, or null for none. */
    public static KeysetPosition decode(String position) {
        if (position == null) {
            return null;
        }
        int colon = position.indexOf(':');
        try {
            long micros = Long.parseLong(position.substring(0, colon));
            return new KeysetPosition(Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                    Math.floorMod(micros, 1_000_000L) * 1_000L), position.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new ValidationException("The pagination token is invalid.");
        }
    }
}
