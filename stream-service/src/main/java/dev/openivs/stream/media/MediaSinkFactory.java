package dev.openivs.stream.media;

/**
 * A CDI bean implementing this is asked for a sink each time a stream starts (after the stream key is accepted).
 * Return null to skip the stream.
 */
public interface MediaSinkFactory {
    MediaSink open(StreamDescriptor stream);
}
