package dev.openivs.stream.ingest;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.rtmp.RtmpServer;
import io.quarkus.test.InjectMock;
import io.restassured.response.ValidatableResponse;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;

/** Base of the @QuarkusTests where real ffmpeg publishes: mocked key/channel lookups, ingest URLs. */
public abstract class PublishingTest {
    @InjectMock
    @RestClient
    protected StreamKeyClient keyClient;

    @InjectMock
    @RestClient
    protected ChannelClient channelClient;

    @InjectMock
    @RestClient
    protected TaggingClient taggingClient;

    @Inject
    protected RtmpServer server;

    @Inject
    protected Pool pool;

    protected IngestFixture fixture;

    /** A stream operation as the gateway forwards it (internal token, the fixture's account). */
    public static ValidatableResponse call(String operation, String body) {
        return given().header("x-ivs-internal-token", "local-internal-token")
                .header("x-ivs-account-id", IngestFixture.ACCOUNT)
                .contentType("application/json").body(body)
                .when().post("/" + operation).then();
    }

    /** The {@code event_name}s of a stream's public events in the outbox, oldest first. */
    protected List<String> eventNames(String streamId) {
        List<String> names = new ArrayList<>();
        for (Row r : pool.preparedQuery("SELECT payload::json->'detail'->>'event_name' AS n FROM stream.outbox_event "
                + "WHERE topic = 'ivs.eventbridge' AND payload::json->'detail'->>'stream_id' = $1 ORDER BY seq")
                .execute(Tuple.of(streamId)).await().atMost(Duration.ofSeconds(10))) {
            names.add(r.getString("n"));
        }
        return names;
    }

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(Ffmpeg.available(), "ffmpeg is not installed");
    }

    @BeforeEach
    void fakes() {
        fixture = new IngestFixture(keyClient, channelClient, taggingClient);
    }

    protected String rtmp(String key) {
        return "rtmp://127.0.0.1:" + server.rtmpPort() + "/app/" + key;
    }

    protected String rtmps(String key) {
        return "rtmps://127.0.0.1:" + server.rtmpsPort() + "/app/" + key;
    }
}
