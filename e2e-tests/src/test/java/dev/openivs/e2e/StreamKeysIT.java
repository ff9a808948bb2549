package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.BatchGetStreamKeyResponse;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.ivs.model.StreamKey;
import software.amazon.awssdk.services.ivs.model.StreamKeySummary;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** The five stream key operations through the gateway with the AWS SDK, against the running suite. */
class StreamKeysIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> CHANNELS = new ArrayList<>();
    private static IvsClient a;
    private static IvsClient b;

    @BeforeAll
    static void clients() {
        a = GatewayAuthIT.client(Suite.KEY_A, Suite.SECRET_A);
        b = GatewayAuthIT.client(Suite.KEY_B, Suite.SECRET_B);
    }

    @AfterAll
    static void cleanUp() {
        for (String arn : CHANNELS) {
            try {
                a.deleteChannel(r -> r.arn(arn));
            } catch (ResourceNotFoundException gone) {
                // deleted by the test
            }
        }
    }

    static CreateChannelResponse channel() {
        CreateChannelResponse created = a.createChannel(r -> r.name("e2e-keys-" + RUN));
        CHANNELS.add(created.channel().arn());
        return created;
    }

    @Test
    void shouldRefuseSecondStreamKey() {
        String channel = channel().channel().arn();
        ServiceQuotaExceededException e = assertThrows(ServiceQuotaExceededException.class,
                () -> a.createStreamKey(r -> r.channelArn(channel)));
        assertEquals(402, e.statusCode());
    }

    @Test
    void shouldRotateAKeyByDeletingAndCreating() {
        CreateChannelResponse created = channel();
        String channel = created.channel().arn();
        a.deleteStreamKey(r -> r.arn(created.streamKey().arn()));
        assertThrows(ResourceNotFoundException.class, () -> a.getStreamKey(r -> r.arn(created.streamKey().arn())));
        StreamKey fresh = a.createStreamKey(r -> r.channelArn(channel).tags(Map.of("rotated", "1"))).streamKey();
        assertNotEquals(created.streamKey().value(), fresh.value());
        assertTrue(fresh.value().matches("sk_us-west-2_[a-zA-Z0-9]{12}_[a-zA-Z0-9]{30,}"));
        StreamKey read = a.getStreamKey(r -> r.arn(fresh.arn())).streamKey();
        assertEquals(fresh, read);
        assertEquals(Map.of("rotated", "1"), read.tags());
    }

    @Test
    void shouldListKeysWithoutValuesThroughThePaginator() {
        CreateChannelResponse created = channel();
        List<StreamKeySummary> listed = new ArrayList<>();
        a.listStreamKeysPaginator(r -> r.channelArn(created.channel().arn())).forEach(p -> listed.addAll(p.streamKeys()));
        assertEquals(1, listed.size());
        assertEquals(created.streamKey().arn(), listed.get(0).arn());
        assertEquals(Map.of(), listed.get(0).tags());
        assertNull(a.listStreamKeys(r -> r.channelArn(created.channel().arn())).nextToken());
        assertThrows(ValidationException.class, () -> a.listStreamKeys(r -> r.channelArn(created.channel().arn())
                .maxResults(51)));
        assertThrows(ResourceNotFoundException.class, () -> a.listStreamKeys(r -> r.channelArn(
                "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":channel/missing12345")));
    }

    @Test
    void shouldBatchGetKeysWithValuesAndReportOthers() {
        CreateChannelResponse one = channel();
        CreateChannelResponse two = channel();
        String missing = "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":stream-key/missing12345";
        BatchGetStreamKeyResponse batch = a.batchGetStreamKey(r -> r.arns(one.streamKey().arn(), missing,
                two.streamKey().arn()));
        assertEquals(List.of(one.streamKey().value(), two.streamKey().value()),
                batch.streamKeys().stream().map(StreamKey::value).toList());
        assertEquals(missing, batch.errors().get(0).arn());
        assertEquals("ResourceNotFoundException", batch.errors().get(0).code());
    }

    @Test
    void shouldHideKeysFromOtherAccounts() {
        CreateChannelResponse created = channel();
        assertThrows(ResourceNotFoundException.class, () -> b.getStreamKey(r -> r.arn(created.streamKey().arn())));
        assertThrows(ResourceNotFoundException.class, () -> b.deleteStreamKey(r -> r.arn(created.streamKey().arn())));
        assertThrows(ResourceNotFoundException.class, () -> b.createStreamKey(r -> r.channelArn(
                created.channel().arn())));
        assertThrows(ResourceNotFoundException.class, () -> b.listStreamKeys(r -> r.channelArn(
                created.channel().arn())));
    }

    @Test
    void shouldRemoveKeysWithTheirChannel() {
        CreateChannelResponse created = a.createChannel(r -> r.name("e2e-keys-gone-" + RUN));
        a.deleteChannel(r -> r.arn(created.channel().arn()));
        assertThrows(ResourceNotFoundException.class, () -> a.getStreamKey(r -> r.arn(created.streamKey().arn())));
        assertThrows(ResourceNotFoundException.class, () -> a.createStreamKey(r -> r.channelArn(
                created.channel().arn())));
    }
}
