package dev.openivs.internal;

/**
 * The answer of {@code GET /internal/resources?arn=} that every resource owner serves (channel-, streamkey-,
 * playback-auth- and recording-service): 200 {@code {"arn"}} when the resource exists in the caller's account.
 */
public record ResourceRef(String arn) {
}
