package dev.openivs.streamkey.model;

/** CreateStreamKey and GetStreamKey output. */
public record StreamKeyResponse(StreamKey streamKey) {
}
