package dev.openivs.streamkey.model;

import dev.openivs.internal.streamkey.StreamKey;

/** CreateStreamKey and GetStreamKey output. */
public record StreamKeyResponse(StreamKey streamKey) {
}
