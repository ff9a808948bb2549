package dev.openivs.stream.playback;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens an HLS output for every stream this replica ingests ({@link LlHlsStream} for {@code latencyMode: LOW}
 * channels, {@link HlsStream} otherwise) and finds it again by channel ARN.
 */
@ApplicationScoped
public class HlsPackager implements MediaSinkFactory {
    private final StreamConfig.Playback config;
    private final ConcurrentHashMap<String, HlsStream> byChannel = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, LlHlsStream> lowLatency = new ConcurrentHashMap<>();

    public HlsPackager(StreamConfig config) {
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
            ll.onEnded(() -> lowLatency.remove(stream.channelArn(), ll));
            lowLatency.put(stream.channelArn(), ll);
            byChannel.remove(stream.channelArn());
            return ll;
        }
        HlsStream hls = new HlsStream(stream, (int) config.segmentTarget().toMillis(), Math.max(2, config.window()),
                config.maxSegmentBytes(), System::currentTimeMillis);
        hls.onEnded(() -> byChannel.remove(stream.channelArn(), hls));
        byChannel.put(stream.channelArn(), hls);
        lowLatency.remove(stream.channelArn());
        return hls;
    }

    /** The live low-latency HLS output (fMP4 parts) of a {@code latencyMode: LOW} channel held by this replica. */
    public Optional<LlHlsStream> lowLatency(String channelArn) {
        return Optional.ofNullable(lowLatency.get(channelArn));
    }

    /** The live HLS output (MPEG-TS) of a {@code NORMAL} channel held by this replica. */
    public Optional<HlsStream> get(String channelArn) {
        return Optional.ofNullable(byChannel.get(channelArn));
    }
}
