package dev.openivs.channel.model;

/** Internal: the answer of {@code GET /internal/resources}. */
public record ResourceRef(String arn) {
}
