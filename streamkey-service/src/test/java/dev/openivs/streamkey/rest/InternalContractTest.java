package dev.openivs.streamkey.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.openivs.internal.InternalJson;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.streamkey.StreamKeyTestBase;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * streamkey-service's internal answers read as channel- and stream-service read them (StreamKeyClient's records):
 * a renamed, dropped or retyped member that a caller uses fails here.
 */
@QuarkusTest
class InternalContractTest extends StreamKeyTestBase {

    @Test
    void shouldCreateLookUpAndDeleteAChannelsKeyAsTheCallersReadIt() {
        String channel = channel();
        StreamKey key = InternalJson.read(api().body(new StreamKeyClient.NewStreamKey(channel, Map.of("k", "v")))
                .post("/internal/stream-keys").then().statusCode(200).extract().asString(), StreamKey.class);
        assertNotNull(key.arn());
        assertNotNull(key.value());
        assertEquals(channel, key.channelArn());

        StreamKeyClient.StreamKeyLookup found = InternalJson.read(api()
                .body(new StreamKeyClient.LookupRequest(key.value())).post("/internal/stream-keys/lookup")
                .then().statusCode(200).extract().asString(), StreamKeyClient.StreamKeyLookup.class);
        assertEquals(new StreamKeyClient.StreamKeyLookup(key.arn(), channel, account), found);

        assertEquals(key.arn(), InternalJson.read(api().queryParam("arn", key.arn()).get("/internal/resources")
                .then().statusCode(200).extract().asString(), ResourceRef.class).arn());
        api().queryParam("channelArn", channel).delete("/internal/stream-keys").then().statusCode(204);
        api().body(new StreamKeyClient.LookupRequest(key.value())).post("/internal/stream-keys/lookup")
                .then().statusCode(404).header("x-amzn-ErrorType", "ResourceNotFoundException");
    }
}
