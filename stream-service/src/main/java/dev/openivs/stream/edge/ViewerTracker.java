package dev.openivs.stream.edge;

import dev.openivs.stream.service.ViewerCounts;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code viewerCount} from playlist requests: a viewer (client IP + User-Agent) counts while it has fetched one of
 * the channel's playlists within the last {@link #ACTIVE_MS} ms (players reload the media playlist every target
 * duration, so a viewer appears at its first request and is gone about 30 s after it stops). At most
 * {@link #MAX_PER_CHANNEL} viewers are tracked per channel.
 */
@ApplicationScoped
public class ViewerTracker implements ViewerCounts.Counter {
    static final long ACTIVE_MS = 30_000;
    static final int MAX_PER_CHANNEL = 100_000;

    private final Map<String, Map<String, Long>> byChannel = new ConcurrentHashMap<>();

    /**
     * A playlist request of {@code viewer} for the channel at {@code nowMs}; a null viewer (a peer replica's edge
     * fetching for its own viewers, which it counts itself) is not counted.
     */
    public void seen(String channelArn, String viewer, long nowMs) {
        if (viewer == null) {
            return;
        }
        Map<String, Long> viewers = byChannel.computeIfAbsent(channelArn, k -> new ConcurrentHashMap<>());
        if (viewers.size() >= MAX_PER_CHANNEL && !viewers.containsKey(viewer)) {
            prune(viewers, nowMs);
            if (viewers.size() >= MAX_PER_CHANNEL) {
                return;
            }
        }
        viewers.put(viewer, nowMs);
    }

    @Override
    public long viewers(String channelArn) {
        return count(channelArn, System.currentTimeMillis());
    }

    @Override
    public Map<String, Long> all() {
        long now = System.currentTimeMillis();
        Map<String, Long> counts = new java.util.HashMap<>();
        for (String arn : byChannel.keySet()) {
            long n = count(arn, now);
            if (n > 0) {
                counts.put(arn, n);
            }
        }
        return counts;
    }

    long count(String channelArn, long nowMs) {
        Map<String, Long> viewers = byChannel.get(channelArn);
        if (viewers == null) {
            return 0;
        }
        prune(viewers, nowMs);
        if (viewers.isEmpty()) {
            byChannel.remove(channelArn, viewers);
        }
        return viewers.size();
    }

    /** Drops every channel's expired viewers (called periodically so idle channels do not keep memory). */
    public void prune(long nowMs) {
        byChannel.forEach((arn, viewers) -> {
            prune(viewers, nowMs);
            if (viewers.isEmpty()) {
                byChannel.remove(arn, viewers);
            }
        });
    }

    private static void prune(Map<String, Long> viewers, long nowMs) {
        viewers.values().removeIf(seen -> nowMs - seen > ACTIVE_MS);
    }
}
