package dev.openivs.streamkey.model;

/** Internal: {@code POST /internal/stream-keys/lookup} body, the value an encoder presented. */
public record StreamKeyLookup(String value) {
}
