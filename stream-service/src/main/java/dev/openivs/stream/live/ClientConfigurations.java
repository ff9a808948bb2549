package dev.openivs.stream.live;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What GetClientConfiguration handed out per channel (the config id and the number of video tracks), so that a
 * multitrack publish can be checked against it ({@code InvalidMultitrackInputTrackCount}). Kept in memory on the
 * replica that answered, for {@link #KEEP}; the newest answer replaces the previous one.
 */
@ApplicationScoped
public class ClientConfigurations {
    /** How long an answer applies to the channel's multitrack publishes (chosen; OBS asks before each stream). */
    public static final Duration KEEP = Duration.ofHours(24);

    /** One answer: its {@code meta.config_id}, its video track count, when it was given. */
    public record Issued(String configId, int videoTracks, Instant at) {
    }

    private final Map<String, Issued> byChannel = new ConcurrentHashMap<>();

    public void issued(String channelArn, Issued answer) {
        byChannel.put(channelArn, answer);
        Instant stale = Instant.now().minus(KEEP);
        byChannel.values().removeIf(i -> i.at().isBefore(stale));
    }

    /** The channel's answer still in force, if any. */
    public Optional<Issued> of(String channelArn) {
        Issued i = byChannel.get(channelArn);
        return i == null || i.at().isBefore(Instant.now().minus(KEEP)) ? Optional.empty() : Optional.of(i);
    }
}
