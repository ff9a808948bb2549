package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.BatchGetChannelResponse;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.ChannelSummary;
import software.amazon.awssdk.services.ivs.model.ConflictException;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.IvsException;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** The six channel operations through the gateway with the AWS SDK, against the running suite. */
class ChannelsIT {
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<String> CREATED = new ArrayList<>();
    private static IvsClient a;
    private static IvsClient b;

    @BeforeAll
    static void clients() {
        // retries only ThrottlingException: the gateway enforces the AWS default of 5 TPS per channel operation
        a = GatewayAuthIT.client(Suite.KEY_A, Suite.SECRET_A);
        b = GatewayAuthIT.client(Suite.KEY_B, Suite.SECRET_B);
    }

    @AfterAll
    static void cleanUp() {
        for (String arn : CREATED) {
            try {
                a.deleteChannel(r -> r.arn(arn));
            } catch (ResourceNotFoundException gone) {
                // deleted by the test
            }
        }
    }

    static CreateChannelResponse create(String name) {
        CreateChannelResponse created = a.createChannel(r -> r.name(name));
        CREATED.add(created.channel().arn());
        return created;
    }

    @Test
    void shouldCreateAChannelWithTheModelDefaultsAndItsKey() {
        CreateChannelResponse created = create("e2e-defaults-" + RUN);
        Channel c = created.channel();
        assertTrue(c.arn().matches("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":channel/[a-zA-Z0-9]{12}"), c.arn());
        assertEquals("LOW", c.latencyModeAsString());
        assertEquals("STANDARD", c.typeAsString());
        assertEquals(false, c.authorized());
        assertEquals(false, c.insecureIngest());
        assertEquals("", c.presetAsString());
        assertEquals("", c.recordingConfigurationArn());
        assertEquals("", c.playbackRestrictionPolicyArn());
        assertEquals("TS", c.containerFormatAsString());
        assertEquals(false, c.multitrackInputConfiguration().enabled());
        assertNotNull(c.srt().endpoint());
        assertTrue(c.srt().passphrase().length() >= 32);
        assertNotNull(c.ingestEndpoint());
        String id = c.arn().substring(c.arn().lastIndexOf('/') + 1);
        assertTrue(c.playbackUrl().endsWith("/api/video/v1/us-west-2." + Suite.ACCOUNT_A + ".channel." + id + ".m3u8"),
                c.playbackUrl());
        assertEquals(Map.of(), c.tags());
        assertEquals(c.arn(), created.streamKey().channelArn());
        assertTrue(created.streamKey().value().matches("sk_us-west-2_[a-zA-Z0-9]{12}_[a-zA-Z0-9]{30,}"));
        // read your writes across services: the key is there at once
        assertEquals(created.streamKey().value(),
                a.getStreamKey(r -> r.arn(created.streamKey().arn())).streamKey().value());
        assertEquals(c, a.getChannel(r -> r.arn(c.arn())).channel());
    }

    @Test
    void shouldCreateAChannelWithEveryMember() {
        CreateChannelResponse created = a.createChannel(r -> r.name("e2e-full-" + RUN).latencyMode("NORMAL")
                .type("ADVANCED_HD").authorized(true).insecureIngest(true).preset("CONSTRAINED_BANDWIDTH_DELIVERY")
                .containerFormat("FRAGMENTED_MP4").tags(Map.of("team", "e2e")));
        CREATED.add(created.channel().arn());
        Channel c = created.channel();
        assertEquals("NORMAL", c.latencyModeAsString());
        assertEquals("ADVANCED_HD", c.typeAsString());
        assertEquals("CONSTRAINED_BANDWIDTH_DELIVERY", c.presetAsString());
        assertEquals("FRAGMENTED_MP4", c.containerFormatAsString());
        assertTrue(c.authorized());
        assertTrue(c.insecureIngest());
        assertEquals(Map.of("team", "e2e"), a.getChannel(r -> r.arn(c.arn())).channel().tags());
        CreateChannelResponse multitrack = a.createChannel(r -> r.name("e2e-mt-" + RUN).containerFormat("FRAGMENTED_MP4")
                .multitrackInputConfiguration(m -> m.enabled(true).policy("REQUIRE").maximumResolution("HD")));
        CREATED.add(multitrack.channel().arn());
        assertTrue(multitrack.channel().multitrackInputConfiguration().enabled());
        assertEquals("HD", multitrack.channel().multitrackInputConfiguration().maximumResolutionAsString());
    }

    @Test
    void shouldRefuseWhatTheModelRefuses() {
        assertStatus(400, assertThrows(ValidationException.class, () -> a.createChannel(r -> r.name("bad name"))));
        assertThrows(ValidationException.class, () -> a.createChannel(r -> r.type("BASIC").preset(
                "HIGHER_BANDWIDTH_DELIVERY")));
        assertThrows(ValidationException.class, () -> a.createChannel(r -> r.multitrackInputConfiguration(
                m -> m.enabled(true).policy("ALLOW").maximumResolution("HD"))));
        assertThrows(ResourceNotFoundException.class, () -> a.createChannel(r -> r.recordingConfigurationArn(
                "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":recording-configuration/doesNotExist")));
        assertThrows(ResourceNotFoundException.class, () -> a.createChannel(r -> r.playbackRestrictionPolicyArn(
                "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":playback-restriction-policy/doesNotExist")));
        assertThrows(ValidationException.class, () -> a.getChannel(r -> r.arn("arn:aws:ivs:us-west-2:1:nope/x")));
        assertThrows(ValidationException.class, () -> a.listChannels(r -> r.maxResults(101)));
    }

    @Test
    void shouldHideOneAccountsChannelsFromAnother() {
        String arn = create("e2e-private-" + RUN).channel().arn();
        assertStatus(404, assertThrows(ResourceNotFoundException.class, () -> b.getChannel(r -> r.arn(arn))));
        assertThrows(ResourceNotFoundException.class, () -> b.deleteChannel(r -> r.arn(arn)));
        assertThrows(ResourceNotFoundException.class, () -> b.updateChannel(r -> r.arn(arn).name("stolen")));
        BatchGetChannelResponse batch = b.batchGetChannel(r -> r.arns(arn));
        assertTrue(batch.channels().isEmpty());
        assertEquals(arn, batch.errors().get(0).arn());
        assertFalse(b.listChannels(r -> r.filterByName("e2e-private-" + RUN)).channels().stream()
                .anyMatch(s -> s.arn().equals(arn)));
    }

    @Test
    void shouldBatchGetChannelsAndReportMissingOnes() {
        String one = create("e2e-batch-" + RUN).channel().arn();
        String two = create("e2e-batch-" + RUN).channel().arn();
        String missing = "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":channel/missing12345";
        BatchGetChannelResponse batch = a.batchGetChannel(r -> r.arns(one, missing, two));
        assertEquals(List.of(one, two), batch.channels().stream().map(Channel::arn).toList());
        assertEquals(1, batch.errors().size());
        assertEquals(missing, batch.errors().get(0).arn());
        assertEquals("ResourceNotFoundException", batch.errors().get(0).code());
        assertNotNull(batch.errors().get(0).message());
    }

    @Test
    void shouldPageThroughChannelsWithTheSdkPaginator() {
        String name = "e2e-page-" + RUN;
        Set<String> created = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(name).channel().arn());
        }
        List<ChannelSummary> listed = new ArrayList<>();
        int[] pages = {0};
        a.listChannelsPaginator(r -> r.filterByName(name).maxResults(2)).forEach(page -> {
            pages[0]++;
            listed.addAll(page.channels());
        });
        assertEquals(created, new HashSet<>(listed.stream().map(ChannelSummary::arn).toList()));
        assertEquals(5, listed.size());
        assertEquals(3, pages[0]);
        assertTrue(listed.stream().allMatch(s -> name.equals(s.name()) && s.tags() != null));
        String token = a.listChannels(r -> r.filterByName(name).maxResults(1)).nextToken();
        assertNotNull(token);
        assertThrows(ValidationException.class, () -> b.listChannels(r -> r.nextToken(token)));
        assertThrows(ValidationException.class, () -> a.listChannels(r -> r.filterByName("other").nextToken(token)));
        assertNull(a.listChannels(r -> r.filterByName(name)).nextToken());
    }

    @Test
    void shouldRefuseTwoFilters() {
        assertStatus(409, assertThrows(ConflictException.class, () -> a.listChannels(r -> r.filterByName("x")
                .filterByRecordingConfigurationArn("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A
                        + ":recording-configuration/abc"))));
    }

    @Test
    void shouldUpdateOnlyTheGivenMembersAndShowTagsAddedLater() {
        String arn = create("e2e-update-" + RUN).channel().arn();
        Channel updated = a.updateChannel(r -> r.arn(arn).latencyMode("NORMAL").type("ADVANCED_SD")).channel();
        assertEquals("e2e-update-" + RUN, updated.name());
        assertEquals("NORMAL", updated.latencyModeAsString());
        assertEquals("HIGHER_BANDWIDTH_DELIVERY", updated.presetAsString());
        a.tagResource(r -> r.resourceArn(arn).tags(Map.of("later", "yes")));
        assertEquals(Map.of("later", "yes"), a.getChannel(r -> r.arn(arn)).channel().tags());
        assertEquals(updated.latencyMode(), a.getChannel(r -> r.arn(arn)).channel().latencyMode());
    }

    @Test
    void shouldDeleteAChannelWithItsKeyAndTags() {
        CreateChannelResponse created = a.createChannel(r -> r.name("e2e-delete-" + RUN).tags(Map.of("k", "v")));
        String arn = created.channel().arn();
        a.deleteChannel(r -> r.arn(arn));
        assertThrows(ResourceNotFoundException.class, () -> a.getChannel(r -> r.arn(arn)));
        assertThrows(ResourceNotFoundException.class, () -> a.getStreamKey(r -> r.arn(created.streamKey().arn())));
        assertThrows(ResourceNotFoundException.class, () -> a.listTagsForResource(r -> r.resourceArn(arn)));
        assertThrows(ResourceNotFoundException.class, () -> a.deleteChannel(r -> r.arn(arn)));
    }

    @Test
    void shouldReferenceExistingConfigurationsAndFilterByThem() {
        String rc = a.createRecordingConfiguration(r -> r.name("e2e-ch-" + RUN)
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("ivs-recordings")))).recordingConfiguration().arn();
        try {
            CreateChannelResponse created = a.createChannel(r -> r.name("e2e-rc-" + RUN).recordingConfigurationArn(rc));
            CREATED.add(created.channel().arn());
            assertEquals(rc, created.channel().recordingConfigurationArn());
            assertEquals(List.of(created.channel().arn()), a.listChannels(r -> r.filterByRecordingConfigurationArn(rc))
                    .channels().stream().map(ChannelSummary::arn).toList());
            assertEquals("", a.updateChannel(r -> r.arn(created.channel().arn()).recordingConfigurationArn(""))
                    .channel().recordingConfigurationArn());
            assertTrue(a.listChannels(r -> r.filterByRecordingConfigurationArn(rc)).channels().isEmpty());
        } finally {
            a.deleteRecordingConfiguration(r -> r.arn(rc));
        }
    }

    static void assertStatus(int status, IvsException e) {
        assertEquals(status, e.statusCode());
        assertNotNull(e.awsErrorDetails().errorMessage());
        assertNotNull(e.requestId());
    }
}
