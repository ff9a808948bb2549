package dev.openivs.stream.ingest.rtmp;

/** The peer broke the RTMP/AMF0 protocol or a bound; the connection is closed. */
public class RtmpProtocolException extends RuntimeException {
    public RtmpProtocolException(String message) {
        super(message, null, false, false);
    }
}
