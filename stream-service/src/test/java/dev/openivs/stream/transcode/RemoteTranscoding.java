package dev.openivs.stream.transcode;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The test profile of the transcoder deployment: a real {@link TranscodeServer} (its own ffmpeg processes, on its own
 * port, one transcode at a time) and stream-service configured to send its transcodes there.
 */
public class RemoteTranscoding implements QuarkusTestProfile {
    /** The transcoder deployment of the tests, started with the profile. */
    static final TranscodeServer SERVER;

    static {
        try {
            SERVER = TranscodeServer.start("127.0.0.1", 0, new TranscodeServer.Settings("ffmpeg", 1, 8 << 20));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ivs.stream.transcode.enabled", "true", "ivs.stream.transcode.capacity", "2",
                "ivs.stream.transcode.preset", "superfast",
                "ivs.stream.transcode.remote", "127.0.0.1:" + SERVER.port());
    }
}
