package dev.openivs.stream.hls;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens an HLS output for every stream this replica ingests ({@link LlHlsStream} for {@code latencyMode: LOW}
 * channels, {@link HlsStream} otherwise) and finds it again by channel ARN. A channel's media playlist outlives its
 * stream sessions: a new session continues the previous one's playlist (reconnect). An ended stream's playlist stays
 * live for {@code end-list-after}, then gets EXT-X-ENDLIST, and is forgotten after {@code ended-retention}.
 */
@ApplicationScoped
public class HlsPackager implements MediaSinkFactory {
    private final Vertx vertx;
    private final StreamConfig.Playback config;
    private final ConcurrentHashMap<String, HlsStream> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LlHlsStream> lowLatency = new ConcurrentHashMap<>();

    public HlsPackager(Vertx vertx, StreamConfig config) {
        this.vertx = vertx;
        this.config = config.playback();
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        if (!config.enabled()) {
            return null;
        }
        if ("LOW".equals(stream.latencyMode())) {
            LlHlsStream ll = new LlHlsStream(stream, (int) config.segmentTarget().toMillis(),
                    (int) config.partTarget().toMillis(), Math.max(2, config.window()), config.maxSegmentBytes(),
                    System::currentTimeMillis);
            LlHlsStream previous = lowLatency.get(stream.channelArn());
            if (previous != null) {
                ll.continueFrom(previous);
            }
            ll.onEnded(() -> ended(lowLatency, stream.channelArn(), ll, ll::endList));
            lowLatency.put(stream.channelArn(), ll);
            byChannel.remove(stream.channelArn());
            return ll;
        }
        HlsStream hls = new HlsStream(stream, (int) config.segmentTarget().toMillis(), Math.max(2, config.window()),
                config.maxSegmentBytes(), System::currentTimeMillis);
        HlsStream previous = byChannel.get(stream.channelArn());
        if (previous != null) {
            hls.continueFrom(previous);
        }
        hls.onEnded(() -> ended(byChannel, stream.channelArn(), hls, hls::endList));
        byChannel.put(stream.channelArn(), hls);
        lowLatency.remove(stream.channelArn());
        return hls;
    }

    private <T> void ended(ConcurrentHashMap<String, T> streams, String channelArn, T stream, Runnable endList) {
        vertx.setTimer(Math.max(1, config.endListAfter().toMillis()), id -> endList.run());
        vertx.setTimer(Math.max(1, config.endedRetention().toMillis()), id -> streams.remove(channelArn, stream));
    }

    /** The low-latency HLS output (fMP4 parts) of a {@code latencyMode: LOW} channel held by this replica (live or ended). */
    public Optional<LlHlsStream> lowLatency(String channelArn) {
        return Optional.ofNullable(lowLatency.get(channelArn));
    }

    /** The HLS output (MPEG-TS) of a {@code NORMAL} channel held by this replica (live or ended). */
    public Optional<HlsStream> get(String channelArn) {
        return Optional.ofNullable(byChannel.get(channelArn));
    }
}
