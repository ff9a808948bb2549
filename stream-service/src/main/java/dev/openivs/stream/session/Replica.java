package dev.openivs.stream.session;

import dev.openivs.aws.support.Ids;
import dev.openivs.stream.config.StreamConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Who this stream-service replica is: recorded on the sessions it holds so peers can reach or replace it. */
@ApplicationScoped
public class Replica {
    private final String id;
    private final String url;

    public Replica(StreamConfig config, @ConfigProperty(name = "quarkus.http.host") String host,
            @ConfigProperty(name = "quarkus.http.port") int port) {
        this.id = config.sessions().instanceId().orElse("stream-" + Ids.alnum(10));
        this.url = config.sessions().advertisedUrl()
                .orElse("http://" + ("0.0.0.0".equals(host) ? "127.0.0.1" : host) + ":" + port);
    }

    public String id() {
        return id;
    }

    public String url() {
        return url;
    }
}
