package dev.openivs.stream.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of stream-service: ingest listeners, protocol bounds, health, limits and session bookkeeping. */
@ConfigMapping(prefix = "ivs.stream")
public interface StreamConfig {
    Rtmp rtmp();

    Rtmps rtmps();

    Srt srt();

    Ingest ingest();

    Health health();

    Limits limits();

    Sessions sessions();

    Metadata metadata();

    Playback playback();

    Transcode transcode();

    /** The transcoding stage (STANDARD and ADVANCED channels' ladders; README "Transcoding"). */
    interface Transcode {
        /** false: every channel plays its source only, as BASIC does. */
        @WithDefault("true")
        boolean enabled();

        /** Transcoded streams this node runs at once; one more is refused with a Stream Failure. */
        @WithDefault("4")
        int capacity();

        /** The ffmpeg binary (libavcodec/libx264 do the work). */
        @WithDefault("ffmpeg")
        String ffmpeg();

        /** x264 preset of the transcoded rungs. */
        @WithDefault("veryfast")
        String preset();

        /** Encoder threads per rung (0 = x264 decides). */
        @WithDefault("0")
        int threads();

        /** Input bytes queued for one ffmpeg process at most; more means it fell behind (restarted). */
        @WithDefault("8388608")
        int maxQueuedBytes();

        /** A worker that produced no output for this long while input was flowing is restarted. */
        @WithDefault("6s")
        Duration stallTimeout();

        /** Restarts of one stream's worker before its renditions are dropped (source only). */
        @WithDefault("3")
        int maxRestarts();

        /**
         * {@code host:port} of a transcoder deployment (env IVS_TRANSCODER; README "Transcoder deployment"): the
         * workers run there instead of in this process. Empty (the default): ffmpeg runs beside this service.
         */
        Optional<String> remote();
    }

    interface Rtmp {
        /** Plain RTMP listener (env IVS_RTMP_PORT); 0 picks a free port (tests). */
        @WithDefault("1935")
        int port();

        @WithDefault("true")
        boolean enabled();
    }

    interface Rtmps {
        /** RTMPS (RTMP over TLS) listener (env IVS_RTMPS_PORT); 0 picks a free port (tests). */
        @WithDefault("443")
        int port();

        @WithDefault("true")
        boolean enabled();

        /** PEM certificate chain of a real deployment; when absent a self-signed one is generated at startup. */
        Optional<String> certPath();

        /** PEM private key matching {@link #certPath()}. */
        Optional<String> keyPath();

        /** Where the generated self-signed PKCS#12 keystore is kept (reused across restarts). */
        @WithDefault("${java.io.tmpdir}/openivs-stream-tls")
        String selfSignedDir();
    }

    interface Srt {
        /** SRT listener, UDP (env IVS_SRT_PORT); 0 picks a free port (tests). Binds {@code ivs.stream.ingest.host}. */
        @WithDefault("9000")
        int port();

        @WithDefault("true")
        boolean enabled();

        /** The libsrt shared object JNA loads (Debian's libsrt1.5-openssl). */
        @WithDefault("libsrt.so.1.5")
        String library();

        /** SRT receiver latency (TSBPD): the time lost packets have to be retransmitted; callers may ask more. */
        @WithDefault("120ms")
        Duration latency();

        /**
         * How long the handshake may wait for a stream key unknown to the key cache to be looked up (the
         * lookup runs in libsrt's receiver thread, which also carries every other SRT stream of the port).
         */
        @WithDefault("500ms")
        Duration lookupWait();

        /** How long a looked-up stream key (its channel's passphrase and insecureIngest) is kept for handshakes. */
        @WithDefault("30s")
        Duration keyCacheTtl();

        /** How long an unknown stream key is remembered as unknown (handshakes refused without a lookup). */
        @WithDefault("5s")
        Duration unknownKeyTtl();

        /** Media received while the publish is authorised (before the stream exists) is kept up to this size. */
        @WithDefault("4194304")
        int maxPendingBytes();
    }

    interface Ingest {
        /** Interface the ingest listeners bind to (env IVS_INGEST_BIND_HOST). */
        @WithDefault("127.0.0.1")
        String host();

        /**
         * The host encoders are told to publish to in FindIngest's URL templates (env IVS_INGEST_HOST, as channels'
         * {@code ingestEndpoint}); absent: the bind host.
         */
        Optional<String> advertisedHost();

        /** A connection that has not completed the RTMP handshake within this time is closed. */
        @WithDefault("10s")
        Duration handshakeTimeout();

        /** A connection that sends nothing for this long is closed (publishing or not). */
        @WithDefault("30s")
        Duration idleTimeout();

        /** Largest RTMP message accepted; also the cap on bytes buffered for partial messages per connection. */
        @WithDefault("8388608")
        int maxMessageSize();

        /** Most chunk streams (csids) one connection may use. */
        @WithDefault("32")
        int maxChunkStreams();

        /**
         * Event-loop instances of the ingest listeners (0 = a quarter of the cores, at least one). One loop carries
         * a few hundred 2.5 Mbit/s streams; more loops each wake up for fewer bytes, which costs more CPU per stream
         * (25 streams on 2 cores: 0.36 % of a core per stream on one loop, 0.52 % on two).
         */
        @WithDefault("0")
        int instances();

        /**
         * While a publisher streams, the kernel wakes the ingest loop for its socket only once about this much of
         * its media has arrived (SO_RCVLOWAT set from the bytes of the last second; Linux epoll only). Encoders
         * write each RTMP chunk header and payload separately, so without it the loop wakes up two or three times
         * per audio or video frame. 0 turns it off. The added delay is at most this, once per read, except in the
         * second after the bitrate drops, when it is at most that second.
         */
        @WithDefault("20ms")
        Duration readBatch();
    }

    interface Health {
        /** Sliding window over which bitrate and frame rate are measured. */
        @WithDefault("5s")
        Duration window();

        /** No audio/video for this long means STARVING. */
        @WithDefault("3s")
        Duration starvationTimeout();

        /**
         * STARVING when over the window the video timestamps fall behind the wall clock by more than this (media not
         * arriving in real time; 1.5 s of a 5 s window is 70 % speed). Neither the bitrate nor the frame rate is a
         * health signal: simple content is sent far below the declared bitrate.
         */
        @WithDefault("1500ms")
        Duration maxMediaLag();

        /** How often health and limits are evaluated. */
        @WithDefault("1s")
        Duration interval();
    }

    interface Limits {
        /** Close the encoder's connection when a channel-type limit is breached (default: report only). */
        @WithDefault("false")
        boolean disconnectOnBreach();

        /** Measured bitrate may exceed the limit by this share before it is a breach (encoder bursts). */
        @WithDefault("0.1")
        double bitrateTolerance();
    }

    interface Sessions {
        /** Identity of this replica, recorded on the sessions it holds (random per process when unset). */
        Optional<String> instanceId();

        /** How other replicas reach this one's internal API (StopStream, PutMetadata forwarding). */
        Optional<String> advertisedUrl();

        /**
         * How other replicas reach this one's playback edge to fetch the channels it holds (default
         * {@code http://<playback host>:<playback port>}, 127.0.0.1 for a wildcard bind).
         */
        Optional<String> advertisedPlaybackUrl();

        /** How often this replica refreshes the heartbeat of the sessions it holds. */
        @WithDefault("5s")
        Duration heartbeatInterval();

        /** A live session whose heartbeat is older than this is ended by any replica (crash safety). */
        @WithDefault("20s")
        Duration staleAfter();
    }

    interface Metadata {
        /** PutMetadata calls per second per channel (IVS quota: 5). */
        @WithDefault("5")
        int perChannelPerSecond();

        /** PutMetadata calls per second per account (IVS quota: 155). */
        @WithDefault("155")
        int perAccountPerSecond();

        /** Accepted metadata kept per live stream for the playback output. */
        @WithDefault("64")
        int keep();
    }

    interface Playback {
        /** HLS playback edge (env IVS_PLAYBACK_PORT); 0 picks a free port (tests). */
        @WithDefault("8090")
        int port();

        @WithDefault("true")
        boolean enabled();

        /**
         * HTTPS playback edge (env IVS_PLAYBACK_TLS_PORT): the same answers over TLS, with the RTMPS certificate
         * options ({@code ivs.stream.rtmps.cert-path}/{@code key-path}, else the self-signed one); -1 turns it off,
         * 0 picks a free port (tests).
         */
        @WithDefault("-1")
        int tlsPort();

        /** Interface the playback edge binds to (env IVS_PLAYBACK_BIND_HOST). */
        @WithDefault("127.0.0.1")
        String host();

        /** Event-loop instances of the playback listener (0 = number of cores). */
        @WithDefault("0")
        int instances();

        /** Segment target: a segment is cut at the first keyframe at least this far from its start. */
        @WithDefault("2s")
        Duration segmentTarget();

        /** Finished segments kept in memory and listed in the media playlist (sliding window). */
        @WithDefault("6")
        int window();

        /**
         * The bytes of segments that left a media playlist (NORMAL and LOW) (still served for a playlist's duration plus
         * one segment, RFC 8216 6.2.2) are moved to files in {@link #retiredSegmentsDir} ({@code hls.RetiredSegments}).
         */
        @WithDefault("true")
        boolean retiredSegmentsToDisk();

        /** Where retired segments go (a directory per process is made in it); default the JVM's temp dir. */
        Optional<String> retiredSegmentsDir();

        /** A retired segment's file not deleted earlier (its stream ended) is deleted this long after it was written. */
        @WithDefault("5m")
        Duration retiredMaxAge();

        /** A segment this large is cut even without a keyframe (bounds memory per stream). */
        @WithDefault("16777216")
        int maxSegmentBytes();

        /** LL-HLS (latencyMode LOW): a partial segment is cut before it would grow longer than this. */
        @WithDefault("334ms")
        Duration partTarget();

        /** LL-HLS blocking playlist reload: longest a request waits for a future part (also at most 3 targets). */
        @WithDefault("6s")
        Duration blockingReloadTimeout();

        /** LL-HLS blocking playlist reload: requests parked at once on this replica; more get 503 at once. */
        @WithDefault("10000")
        int maxParkedRequests();

        /**
         * After a stream ends its media playlist stays live this long (an encoder reconnecting within it continues the
         * playlist without players noticing more than a discontinuity), then gets EXT-X-ENDLIST.
         */
        @WithDefault("10s")
        Duration endListAfter();

        /** An ended stream's media playlist and segments are served this long after the end (unless continued). */
        @WithDefault("60s")
        Duration endedRetention();

        /**
         * Channels held by another replica: bytes of immutable objects (segments, parts, init segments) fetched from
         * holders and kept in memory (least recently used dropped first).
         */
        @WithDefault("67108864")
        long edgeCacheBytes();

        /** Channels held by another replica: longest a fetched plain playlist is reused (never beyond its max-age). */
        @WithDefault("500ms")
        Duration edgePlaylistTtl();

        /** Channels held by another replica: how long the holder named by the database is remembered. */
        @WithDefault("1s")
        Duration edgeHolderTtl();
    }
}
