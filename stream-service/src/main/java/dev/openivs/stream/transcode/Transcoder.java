package dev.openivs.stream.transcode;

import dev.openivs.stream.config.StreamConfig;
import dev.openivs.stream.media.MediaSink;
import dev.openivs.stream.media.MediaSinkFactory;
import dev.openivs.stream.media.StreamDescriptor;
import dev.openivs.stream.media.StreamRefused;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The transcode stage: a {@link TranscodedStream} for every stream this replica ingests (the one place its
 * renditions are decided, also for BASIC: one passthrough rendition), found by stream id by the stages that take
 * renditions ({@link #subscribe}). Counts the streams it transcodes against {@code ivs.stream.transcode.capacity}:
 * one more is refused with IVS's Stream Failure reason {@link #CAPACITY_EXCEEDED}.
 */
@ApplicationScoped
public class Transcoder implements MediaSinkFactory {
    /** REFERENCE §12: the Stream Failure reason when no transcoder is available. */
    public static final String CAPACITY_EXCEEDED = "Transcode capacity exceeded. Please try again.";

    private final StreamConfig.Transcode config;
    private final ConcurrentHashMap<String, TranscodedStream> streams = new ConcurrentHashMap<>();
    private final AtomicInteger active = new AtomicInteger();

    public Transcoder(StreamConfig config) {
        this.config = config.transcode();
    }

    @Override
    public MediaSink open(StreamDescriptor stream) {
        boolean transcode = config.enabled() && Ladder.transcodes(stream.channelType());
        if (transcode && active.incrementAndGet() > config.capacity()) {
            active.decrementAndGet();
            streams.remove(stream.streamId());
            throw new StreamRefused(CAPACITY_EXCEEDED);
        }
        TranscodedStream t = new TranscodedStream(stream, config, transcode, () -> {
            streams.remove(stream.streamId());
            if (transcode) {
                active.decrementAndGet();
            }
        });
        TranscodedStream early = streams.putIfAbsent(stream.streamId(), t);
        if (early != null) {
            // a subscriber came first: take its place with the configured stage, keeping the subscriptions
            early.subscribers().forEach(t::subscribe);
            streams.put(stream.streamId(), t);
        }
        return t;
    }

    /** Registers a taker of the stream's renditions (call when the stream is opened, before its media). */
    public void subscribe(StreamDescriptor stream, TranscodedStream.Subscriber subscriber) {
        streams.computeIfAbsent(stream.streamId(), id -> new TranscodedStream(stream, config, false, () -> { }))
                .subscribe(subscriber);
    }

    /** The transcode stage of a live stream held here. */
    public Optional<TranscodedStream> stream(String streamId) {
        return Optional.ofNullable(streams.get(streamId));
    }

    /** The transcode stages of the streams held here. */
    public java.util.Collection<TranscodedStream> streams() {
        return streams.values();
    }

    /** Streams being transcoded on this node now. */
    public int active() {
        return active.get();
    }
}
