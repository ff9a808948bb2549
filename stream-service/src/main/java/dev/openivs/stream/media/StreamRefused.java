package dev.openivs.stream.media;

/**
 * Thrown by a {@link MediaSinkFactory} that cannot take a stream at all (e.g. the node's transcode capacity is
 * used up): the stream gets a Stream Failure event with {@link #getMessage()} as its reason and is ended.
 */
public final class StreamRefused extends RuntimeException {
    public StreamRefused(String reason) {
        super(reason, null, false, false);
    }
}
