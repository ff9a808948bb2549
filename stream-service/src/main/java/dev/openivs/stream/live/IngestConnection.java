package dev.openivs.stream.live;

import io.vertx.core.Context;

/** The encoder connection a live stream arrives on, as the stream services see it. */
public interface IngestConnection {
    /** The event-loop context every media callback of this connection runs on. */
    Context context();

    /** Closes the connection (StopStream, takeover, limit breach); the stream then ends. Any thread. */
    void close(String reason);

    /**
     * Tells the encoder why its publish is ended (an error status it can show, e.g. RTMP's
     * {@code NetStream.Publish.Failed}), then closes the connection. Any thread.
     */
    default void refuse(String description) {
        close(description);
    }

    String remoteAddress();

    /** When the TCP connection was accepted (epoch ms), for the connect-to-session latency. */
    long openedAtMillis();
}
