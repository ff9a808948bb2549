package dev.openivs.stream.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The live streams this replica holds, by channel ARN (the playback edge reads them too). */
@ApplicationScoped
public class LiveStreams {
    private final ConcurrentHashMap<String, LiveStream> byChannel = new ConcurrentHashMap<>();

    public Optional<LiveStream> get(String channelArn) {
        return Optional.ofNullable(byChannel.get(channelArn));
    }

    public Collection<LiveStream> all() {
        return byChannel.values();
    }

    boolean register(LiveStream stream) {
        return byChannel.putIfAbsent(stream.channelArn(), stream) == null;
    }

    boolean remove(LiveStream stream) {
        return byChannel.remove(stream.channelArn(), stream);
    }
}
