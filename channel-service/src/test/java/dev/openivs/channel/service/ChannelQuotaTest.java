package dev.openivs.channel.service;

import static org.hamcrest.Matchers.equalTo;

import dev.openivs.channel.ChannelTestBase;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The per-account channel quota (here 2), counted per account. */
@QuarkusTest
@TestProfile(ChannelQuotaTest.SmallQuota.class)
class ChannelQuotaTest extends ChannelTestBase {
    public static class SmallQuota implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ivs.channel.quota", "2");
        }
    }

    @Test
    void shouldRefuseChannelsBeyondTheAccountQuota() {
        createChannel("{}");
        createChannel("{}");
        assertError(call("CreateChannel", "{}"), 402, "ServiceQuotaExceededException",
                equalTo("Request would cause a service quota to be exceeded."));
        api(randomAccount()).body("{}").post("/CreateChannel").then().statusCode(200);
    }
}
