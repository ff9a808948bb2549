package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.ConflictException;
import software.amazon.awssdk.services.ivs.model.RecordingConfiguration;
import software.amazon.awssdk.services.ivs.model.RecordingConfigurationSummary;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** Recording configurations through the gateway with the AWS SDK, including the reference conflicts. */
class RecordingConfigurationsIT {
    private static IvsClient a;
    private static IvsClient b;

    @BeforeAll
    static void clients() {
        a = Suite.throttleTolerantClient(Suite.KEY_A, Suite.SECRET_A);
        b = Suite.throttleTolerantClient(Suite.KEY_B, Suite.SECRET_B);
    }

    static RecordingConfiguration create(String name) {
        return a.createRecordingConfiguration(r -> r.name(name)
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("ivs-recordings")))).recordingConfiguration();
    }

    /** The state once the suite checked the bucket in the S3-compatible store (CREATING until then). */
    static RecordingConfiguration settled(String arn) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 30_000;
        RecordingConfiguration rc;
        do {
            rc = a.getRecordingConfiguration(r -> r.arn(arn)).recordingConfiguration();
            if (!"CREATING".equals(rc.stateAsString())) {
                return rc;
            }
            Thread.sleep(200);
        } while (System.currentTimeMillis() < deadline);
        return rc;
    }

    @Test
    void shouldBeCreateFailedWhenTheBucketDoesNotExistInTheStore() throws Exception {
        RecordingConfiguration rc = a.createRecordingConfiguration(r -> r.name("e2e-missing-bucket")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("no-such-bucket-" + System.nanoTime()))))
                .recordingConfiguration();
        try {
            assertEquals("CREATING", rc.stateAsString());
            assertEquals("CREATE_FAILED", settled(rc.arn()).stateAsString());
        } finally {
            a.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
    }

    @Test
    void shouldCreateWithTheModelDefaultsAndDelete() throws Exception {
        RecordingConfiguration created = create("e2e-defaults");
        assertEquals("CREATING", created.stateAsString());
        RecordingConfiguration rc = settled(created.arn());
        try {
            assertTrue(rc.arn().startsWith("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":recording-configuration/"));
            assertEquals("ACTIVE", rc.stateAsString());
            assertEquals(created.toBuilder().state("ACTIVE").build(), rc);
            assertEquals("ivs-recordings", rc.destinationConfiguration().s3().bucketName());
            assertEquals(0, rc.recordingReconnectWindowSeconds());
            assertEquals("INTERVAL", rc.thumbnailConfiguration().recordingModeAsString());
            assertEquals(60L, rc.thumbnailConfiguration().targetIntervalSeconds());
            assertEquals(List.of("SEQUENTIAL"), rc.thumbnailConfiguration().storageAsStrings());
            assertNull(rc.thumbnailConfiguration().resolution());
            assertEquals("ALL", rc.renditionConfiguration().renditionSelectionAsString());
            assertEquals(Map.of(), rc.tags());
            RecordingConfiguration read = a.getRecordingConfiguration(r -> r.arn(rc.arn())).recordingConfiguration();
            assertEquals(rc, read);
            List<String> listed = a.listRecordingConfigurations(r -> r.maxResults(100)).recordingConfigurations()
                    .stream().map(RecordingConfigurationSummary::arn).toList();
            assertTrue(listed.contains(rc.arn()));
            assertThrows(ResourceNotFoundException.class, () -> b.getRecordingConfiguration(r -> r.arn(rc.arn())));
        } finally {
            a.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
        assertThrows(ResourceNotFoundException.class, () -> a.getRecordingConfiguration(r -> r.arn(rc.arn())));
        assertThrows(ResourceNotFoundException.class, () -> a.deleteRecordingConfiguration(r -> r.arn(rc.arn())));
    }

    @Test
    void shouldKeepEveryGivenMember() {
        RecordingConfiguration rc = a.createRecordingConfiguration(r -> r.name("e2e-custom")
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("demo-recording-bucket")))
                .recordingReconnectWindowSeconds(60).tags(Map.of("key1", "value1"))
                .thumbnailConfiguration(t -> t.recordingMode("INTERVAL").targetIntervalSeconds(1L)
                        .resolution("LOWEST_RESOLUTION").storageWithStrings("LATEST"))
                .renditionConfiguration(c -> c.renditionSelection("CUSTOM").renditionsWithStrings("HD")))
                .recordingConfiguration();
        try {
            RecordingConfiguration read = a.getRecordingConfiguration(r -> r.arn(rc.arn())).recordingConfiguration();
            assertEquals(60, read.recordingReconnectWindowSeconds());
            assertEquals(Map.of("key1", "value1"), read.tags());
            assertEquals(1L, read.thumbnailConfiguration().targetIntervalSeconds());
            assertEquals("LOWEST_RESOLUTION", read.thumbnailConfiguration().resolutionAsString());
            assertEquals(List.of("LATEST"), read.thumbnailConfiguration().storageAsStrings());
            assertEquals(List.of("HD"), read.renditionConfiguration().renditionsAsStrings());
        } finally {
            a.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        }
    }

    @Test
    void shouldRefuseInvalidConfigurations() {
        assertThrows(ValidationException.class, () -> a.createRecordingConfiguration(r -> r
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("Bad_Bucket")))));
        assertThrows(ValidationException.class, () -> a.createRecordingConfiguration(r -> r
                .destinationConfiguration(d -> d.s3(s -> s.bucketName("ivs-recordings")))
                .recordingReconnectWindowSeconds(301)));
        assertThrows(ValidationException.class, () -> a.createRecordingConfiguration(r -> r.name("no-destination")));
    }

    @Test
    void shouldRefuseDeletingAConfigurationAChannelUsesInBothOrders() {
        RecordingConfiguration rc = create("e2e-referenced");
        Channel channel = a.createChannel(r -> r.name("recording-user").recordingConfigurationArn(rc.arn())).channel();
        try {
            assertThrows(ConflictException.class, () -> a.deleteRecordingConfiguration(r -> r.arn(rc.arn())));
            a.updateChannel(r -> r.arn(channel.arn()).recordingConfigurationArn(""));
            a.deleteRecordingConfiguration(r -> r.arn(rc.arn()));
        } finally {
            a.deleteChannel(r -> r.arn(channel.arn()));
        }
        assertThrows(ResourceNotFoundException.class,
                () -> a.createChannel(r -> r.recordingConfigurationArn(rc.arn())));
    }
}
