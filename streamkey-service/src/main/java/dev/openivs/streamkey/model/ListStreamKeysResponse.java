package dev.openivs.streamkey.model;

import java.util.List;

/** ListStreamKeys output; {@code nextToken} only when more keys follow. */
public record ListStreamKeysResponse(List<StreamKeySummary> streamKeys, String nextToken) {
}
