package dev.openivs.streamkey.model;

/** Internal: the answer of {@code GET /internal/resources} (and of channel-service's). */
public record ResourceRef(String arn) {
}
