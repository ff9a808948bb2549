package dev.openivs.stream.playback;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Opens an {@link HlsStream} for every stream this replica ingests and finds it again by channel ARN. */
@ApplicationScoped
public class HlsPackager implements MediaSinkFactory {
    private final StreamConfig.Playback config;
    private final ConcurrentHashMap<String, HlsStream> byChannel = new ConcurrentHashMap<>();

    public HlsPackager(StreamConfig config) {
        this.config = config.playback();
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        if (!config.enabled()) {
            return null;
        }
        HlsStream hls = new HlsStream(stream, (int) config.segmentTarget().toMillis(), Math.max(2, config.window()),
                config.maxSegmentBytes(), System::currentTimeMillis);
        hls.onEnded(() -> byChannel.remove(stream.channelArn(), hls));
        byChannel.put(stream.channelArn(), hls);
        return hls;
    }

    /** The live HLS output of a channel held by this replica. */
    public Optional<HlsStream> get(String channelArn) {
        return Optional.ofNullable(byChannel.get(channelArn));
    }
}
