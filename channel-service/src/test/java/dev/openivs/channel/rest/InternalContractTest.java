package dev.openivs.channel.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.channel.ChannelTestBase;
import dev.openivs.internal.InternalJson;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.channel.ChannelReferencesClient;
import dev.openivs.internal.channel.InternalChannel;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * channel-service's internal answers read as its callers read them (dev.openivs.internal.channel): a renamed,
 * dropped or retyped member that a caller uses fails here.
 */
@QuarkusTest
class InternalContractTest extends ChannelTestBase {

    private String get(String path, String query, String value) {
        return api().queryParam(query, value).get(path).then().statusCode(200).extract().asString();
    }

    @Test
    void shouldServeTheChannelAsIngestReadsIt() {
        String arn = createChannel("{\"name\":\"contract\",\"authorized\":true,\"insecureIngest\":true}");
        JsonNode json = InternalJson.tree(get("/internal/channels", "arn", arn));
        InternalChannel c = InternalChannel.of(json);
        assertEquals(arn, c.arn());
        assertEquals("contract", c.name());
        assertEquals(Boolean.TRUE, c.authorized());
        assertEquals(Boolean.TRUE, c.insecureIngest());
        assertEquals("", c.recordingConfigurationArn());
        assertEquals("", c.playbackRestrictionPolicyArn());
        assertNotNull(c.latencyMode());
        assertNotNull(c.type());
        assertNotNull(c.playbackUrl());
    }

    @Test
    void shouldAnswerExistenceAndReferenceCounts() {
        String arn = createChannel("{}");
        assertEquals(arn, InternalJson.read(get("/internal/resources", "arn", arn), ResourceRef.class).arn());
        assertEquals(arn, InternalJson.read(get("/internal/resources", "arn", arn),
                ChannelReferencesClient.ResourceRef.class).arn());
        String rc = arnOf("recording-configuration", "AbCdEfGhIjKl");
        JsonNode count = InternalJson.tree(get("/internal/channels/references", "recordingConfigurationArn", rc));
        assertEquals(true, count.path("count").isIntegralNumber(), count.toString());
        assertEquals(0, InternalJson.read(count, ChannelReferencesClient.ReferenceCount.class).count());
    }
}
