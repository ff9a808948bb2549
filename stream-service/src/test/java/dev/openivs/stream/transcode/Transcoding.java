package dev.openivs.stream.transcode;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** The test profile of the transcoding tests: transcoding on (off in the other tests), one stream per node. */
public class Transcoding implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("ivs.stream.transcode.enabled", "true", "ivs.stream.transcode.capacity", "1",
                "ivs.stream.transcode.preset", "superfast");
    }
}
