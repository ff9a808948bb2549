package dev.openivs.gateway;

import static dev.openivs.gateway.SdkSigning.KEY_A;
import static dev.openivs.gateway.SdkSigning.SECRET_A;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;

/** With IVS_THROTTLING_ENABLED=false (load tests) the same bursts all pass. */
@QuarkusTest
@QuarkusTestResource(StubUpstream.class)
@TestProfile(ThrottlingOffTest.Off.class)
class ThrottlingOffTest {
    @TestHTTPResource("/")
    URI base;

    public static class Off implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ivs.gateway.throttling.enabled", "false");
        }
    }

    @Test
    void shouldLetEveryRequestOfABurstThrough() {
        try (IvsClient ivs = TestClients.sdk(base, KEY_A, SECRET_A)) {
            for (int i = 0; i < 30; i++) {
                ivs.getStreamKey(r -> r.arn("arn:aws:ivs:us-west-2:123456789012:stream-key/abcdABCDefgh"));
                ivs.putMetadata(r -> r.channelArn(GatewayTest.ARN_A).metadata("m"));
            }
        }
    }
}
