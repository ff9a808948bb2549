package dev.openivs.stream.ingest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import dev.openivs.stream.Ffmpeg;
import dev.openivs.stream.ingest.rtmp.RtmpServer;
import io.quarkus.test.InjectMock;
import jakarta.inject.Inject;
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

    protected IngestFixture fixture;

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
