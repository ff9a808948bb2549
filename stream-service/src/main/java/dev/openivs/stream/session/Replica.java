package dev.openivs.stream.session;

import dev.openivs.aws.support.Ids;
import dev.openivs.stream.config.StreamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who this stream-service replica is: recorded on the sessions it holds so peers can reach or replace it (internal
 * API) and fetch the channels it holds (playback edge).
 */
@ApplicationScoped
public class Replica {
    private final String id;
    private final String url;
    private volatile String playbackUrl;

    public Replica(StreamConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.id = config.sessions().instanceId().orElse("stream-" + Ids.alnum(10));
        this.url = config.sessions().advertisedUrl().orElse("http://" + local(host) + ":" + port);
        this.playbackUrl = config.sessions().advertisedPlaybackUrl().orElse(null);
    }

    private static String local(String host) {
        return "0.0.0.0".equals(host) || "::".equals(host) ? "127.0.0.1" : host;
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }

    /** Where peers fetch the playback of the channels this replica holds; null while the edge is not listening. */
    public String playbackUrl() {
        return playbackUrl;
    }

    /** Called by the playback edge once it listens (unless an advertised playback URL is configured). */
    public void playbackListening(String host, int port) {
        if (playbackUrl == null) {
            playbackUrl = "http://" + local(host) + ":" + port;
        }
    }
}
