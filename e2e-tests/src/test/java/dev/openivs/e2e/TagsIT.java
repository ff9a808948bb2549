package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.CreateChannelResponse;
import software.amazon.awssdk.services.ivs.model.RecordingConfiguration;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** The tag operations through the gateway (URL-encoded ARNs), read-your-writes on every resource type. */
class TagsIT {
    private static IvsClient a;
    private static IvsClient b;

    @BeforeAll
    static void clients() {
        a = Suite.throttleTolerantClient(Suite.KEY_A, Suite.SECRET_A);
        b = Suite.throttleTolerantClient(Suite.KEY_B, Suite.SECRET_B);
    }

    @Test
    void shouldShowATagOnTheChannelRightAfterTagging() {
        CreateChannelResponse created = a.createChannel(r -> r.name("tags-it").tags(Map.of("team", "video")));
        Channel channel = created.channel();
        try {
            assertEquals(Map.of("team", "video"), channel.tags());
            a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("env", "prod", "team", "live")));
            assertEquals(Map.of("env", "prod", "team", "live"), a.getChannel(r -> r.arn(channel.arn())).channel().tags());
            assertEquals(Map.of("env", "prod", "team", "live"),
                    a.listTagsForResource(r -> r.resourceArn(channel.arn())).tags());
            a.untagResource(r -> r.resourceArn(channel.arn()).tagKeys("env", "absent"));
            assertEquals(Map.of("team", "live"), a.listTagsForResource(r -> r.resourceArn(channel.arn())).tags());
            String keyArn = created.streamKey().arn();
            a.tagResource(r -> r.resourceArn(keyArn).tags(Map.of("k", "v")));
            assertEquals(Map.of("k", "v"), a.getStreamKey(r -> r.arn(keyArn)).streamKey().tags());
            assertThrows(ResourceNotFoundException.class, () -> b.listTagsForResource(r -> r.resourceArn(channel.arn())));
            assertThrows(ResourceNotFoundException.class,
                    () -> b.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("x", "y"))));
        } finally {
            a.deleteChannel(r -> r.arn(channel.arn()));
        }
        assertThrows(ResourceNotFoundException.class, () -> a.listTagsForResource(r -> r.resourceArn(channel.arn())));
        assertThrows(ResourceNotFoundException.class,
                () -> a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("late", "tag"))));
    }

    @Test
    void shouldAllowFiftyTagsAndRefuseTheFiftyFirst() {
        RecordingConfiguration rc = a.createRecordingConfiguration(r -> r
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("ivs-recordings")))).recordingConfiguration();
        try {
            Map<String, String> fifty = new HashMap<>();
            for (int i = 0; i < 50; i++) {
                fifty.put("key" + i, "value" + i);
            }
            a.tagResource(r -> r.resourceArn(rc.arn()).tags(fifty));
            assertEquals(fifty, a.getRecordingConfiguration(r -> r.arn(rc.arn())).recordingConfiguration().tags());
            assertThrows(ValidationException.class,
                    () -> a.tagResource(r -> r.resourceArn(rc.arn()).tags(Map.of("key50", "one too many"))));
            assertEquals(50, a.listTagsForResource(r -> r.resourceArn(rc.arn())).tags().size());
        } finally {
            a.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
    }

    @Test
    void shouldRefuseReservedAndMalformedTags() {
        Channel channel = a.createChannel(r -> r.name("tags-rules")).channel();
        try {
            assertThrows(ValidationException.class,
                    () -> a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("aws:owner", "x"))));
            assertThrows(ValidationException.class,
                    () -> a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("k".repeat(129), "x"))));
            assertThrows(ValidationException.class,
                    () -> a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("k", "v".repeat(257)))));
            assertThrows(ValidationException.class,
                    () -> a.tagResource(r -> r.resourceArn(channel.arn()).tags(Map.of("bad*key", "x"))));
            assertEquals(Map.of(), a.listTagsForResource(r -> r.resourceArn(channel.arn())).tags());
        } finally {
            a.deleteChannel(r -> r.arn(channel.arn()));
        }
    }

    @Test
    void shouldAnswerNotFoundForResourcesThatDoNotExist() {
        for (String type : new String[] {"channel", "stream-key", "playback-key", "recording-configuration",
                "playback-restriction-policy"}) {
            String arn = "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":" + type + "/doesNotExist";
            assertThrows(ResourceNotFoundException.class, () -> a.listTagsForResource(r -> r.resourceArn(arn)), type);
        }
        assertThrows(ValidationException.class, () -> a.listTagsForResource(r -> r.resourceArn("not-an-arn")));
    }
}
