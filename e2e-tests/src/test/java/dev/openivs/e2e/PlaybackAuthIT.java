package dev.openivs.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.spec.ECGenParameterSpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ivs.IvsClient;
import software.amazon.awssdk.services.ivs.model.BatchStartViewerSessionRevocationError;
import software.amazon.awssdk.services.ivs.model.BatchStartViewerSessionRevocationViewerSession;
import software.amazon.awssdk.services.ivs.model.Channel;
import software.amazon.awssdk.services.ivs.model.ConflictException;
import software.amazon.awssdk.services.ivs.model.PlaybackKeyPair;
import software.amazon.awssdk.services.ivs.model.PlaybackKeyPairSummary;
import software.amazon.awssdk.services.ivs.model.PlaybackRestrictionPolicy;
import software.amazon.awssdk.services.ivs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.ivs.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.ivs.model.ValidationException;

/** Playback key pairs, viewer revocations and restriction policies through the gateway with the AWS SDK. */
class PlaybackAuthIT {
    private static IvsClient a;
    private static IvsClient b;
    private static Channel channel;

    @BeforeAll
    static void clients() {
        a = Suite.throttleTolerantClient(Suite.KEY_A, Suite.SECRET_A);
        b = Suite.throttleTolerantClient(Suite.KEY_B, Suite.SECRET_B);
        channel = a.createChannel(r -> r.name("playback-auth-it")).channel();
    }

    @AfterAll
    static void cleanUp() {
        if (channel != null) {
            a.deleteChannel(r -> r.arn(channel.arn()));
        }
    }

    static KeyPair keyPair(String curve) throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec(curve));
        return g.generateKeyPair();
    }

    static String pem(byte[] der, String label) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    static String publicPem(KeyPair k) {
        return pem(k.getPublic().getEncoded(), "PUBLIC KEY");
    }

    @Test
    void shouldImportGetListAndDeleteAP384KeyPair() throws Exception {
        KeyPair key = keyPair("secp384r1");
        byte[] md5 = MessageDigest.getInstance("MD5").digest(key.getPublic().getEncoded());
        String fingerprint = String.join(":", HexFormat.of().formatHex(md5).split("(?<=\\G..)"));
        PlaybackKeyPair imported;
        try {
            imported = a.importPlaybackKeyPair(r -> r.publicKeyMaterial(publicPem(key)).name("e2e-key")
                    .tags(Map.of("purpose", "e2e"))).keyPair();
        } catch (ServiceQuotaExceededException full) {
            return; // another test holds the account's three key pairs right now
        }
        try {
            assertTrue(imported.arn().startsWith("arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":playback-key/"));
            assertEquals(fingerprint, imported.fingerprint());
            assertEquals(Map.of("purpose", "e2e"), imported.tags());
            PlaybackKeyPair read = a.getPlaybackKeyPair(r -> r.arn(imported.arn())).keyPair();
            assertEquals(fingerprint, read.fingerprint());
            assertEquals("e2e-key", read.name());
            assertEquals(Map.of("purpose", "e2e"), read.tags());
            List<String> listed = a.listPlaybackKeyPairs(r -> r.maxResults(100)).keyPairs().stream()
                    .map(PlaybackKeyPairSummary::arn).toList();
            assertTrue(listed.contains(imported.arn()));
            assertThrows(ResourceNotFoundException.class, () -> b.getPlaybackKeyPair(r -> r.arn(imported.arn())));
            assertThrows(ConflictException.class,
                    () -> a.importPlaybackKeyPair(r -> r.publicKeyMaterial(publicPem(key))));
        } finally {
            a.deletePlaybackKeyPair(r -> r.arn(imported.arn()));
        }
        assertThrows(ResourceNotFoundException.class, () -> a.getPlaybackKeyPair(r -> r.arn(imported.arn())));
        assertThrows(ResourceNotFoundException.class, () -> a.listTagsForResource(r -> r.resourceArn(imported.arn())));
    }

    @Test
    void shouldRefuseP256RsaPrivateKeysAndGarbage() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        List<String> bad = List.of(publicPem(keyPair("secp256r1")), publicPem(rsa.generateKeyPair()),
                pem(keyPair("secp384r1").getPrivate().getEncoded(), "PRIVATE KEY"), "not a key");
        for (String material : bad) {
            assertThrows(ValidationException.class, () -> a.importPlaybackKeyPair(r -> r.publicKeyMaterial(material)));
        }
    }

    @Test
    void shouldAllowThreeKeyPairsPerAccount() throws Exception {
        int existing = b.listPlaybackKeyPairs(r -> r.maxResults(100)).keyPairs().size();
        List<String> mine = new ArrayList<>();
        try {
            for (int i = existing; i < 3; i++) {
                KeyPair k = keyPair("secp384r1");
                mine.add(b.importPlaybackKeyPair(r -> r.publicKeyMaterial(publicPem(k))).keyPair().arn());
            }
            KeyPair fourth = keyPair("secp384r1");
            ServiceQuotaExceededException e = assertThrows(ServiceQuotaExceededException.class,
                    () -> b.importPlaybackKeyPair(r -> r.publicKeyMaterial(publicPem(fourth))));
            assertEquals(402, e.statusCode());
        } finally {
            mine.forEach(arn -> b.deletePlaybackKeyPair(r -> r.arn(arn)));
        }
    }

    @Test
    void shouldRevokeViewerSessionsAndReportBatchErrorsPerItem() {
        a.startViewerSessionRevocation(r -> r.channelArn(channel.arn()).viewerId("viewer-1")
                .viewerSessionVersionsLessThanOrEqualTo(3));
        String missing = "arn:aws:ivs:us-west-2:" + Suite.ACCOUNT_A + ":channel/" + "zz" + UUID.randomUUID()
                .toString().replace("-", "").substring(0, 10);
        assertThrows(ResourceNotFoundException.class,
                () -> a.startViewerSessionRevocation(r -> r.channelArn(missing).viewerId("viewer-1")));
        assertThrows(ResourceNotFoundException.class,
                () -> b.startViewerSessionRevocation(r -> r.channelArn(channel.arn()).viewerId("viewer-1")));
        List<BatchStartViewerSessionRevocationError> errors = a.batchStartViewerSessionRevocation(r -> r.viewerSessions(
                session(channel.arn(), "viewer-2"), session(missing, "viewer-3"), session(channel.arn(), "viewer-4")))
                .errors();
        assertEquals(1, errors.size());
        assertEquals(missing, errors.get(0).channelArn());
        assertEquals("viewer-3", errors.get(0).viewerId());
        assertEquals("404", errors.get(0).code());
        List<BatchStartViewerSessionRevocationViewerSession> tooMany = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            tooMany.add(session(channel.arn(), "v" + i));
        }
        assertThrows(ValidationException.class, () -> a.batchStartViewerSessionRevocation(r -> r.viewerSessions(tooMany)));
    }

    static BatchStartViewerSessionRevocationViewerSession session(String channelArn, String viewerId) {
        return BatchStartViewerSessionRevocationViewerSession.builder().channelArn(channelArn).viewerId(viewerId).build();
    }

    @Test
    void shouldManageRestrictionPoliciesAndRefuseDeletingOneInUse() {
        PlaybackRestrictionPolicy policy = a.createPlaybackRestrictionPolicy(r -> r.name("e2e-geo")
                .allowedCountries("US", "DE").allowedOrigins("https://example.com").tags(Map.of("k", "v")))
                .playbackRestrictionPolicy();
        assertEquals(List.of("US", "DE"), policy.allowedCountries());
        assertEquals(false, policy.enableStrictOriginEnforcement());
        assertEquals(Map.of("k", "v"), policy.tags());
        assertThrows(ValidationException.class, () -> a.createPlaybackRestrictionPolicy(r -> r.allowedCountries("XX")));
        PlaybackRestrictionPolicy updated = a.updatePlaybackRestrictionPolicy(r -> r.arn(policy.arn())
                .enableStrictOriginEnforcement(true)).playbackRestrictionPolicy();
        assertEquals(true, updated.enableStrictOriginEnforcement());
        assertEquals(List.of("US", "DE"), updated.allowedCountries());
        assertEquals(Map.of("k", "v"), a.getPlaybackRestrictionPolicy(r -> r.arn(policy.arn()))
                .playbackRestrictionPolicy().tags());
        assertThrows(ResourceNotFoundException.class,
                () -> b.getPlaybackRestrictionPolicy(r -> r.arn(policy.arn())));

        // Attached by CreateChannel, the delete right after is refused; detached by UpdateChannel, it succeeds.
        Channel user = a.createChannel(r -> r.name("policy-user").playbackRestrictionPolicyArn(policy.arn())).channel();
        try {
            assertThrows(ConflictException.class, () -> a.deletePlaybackRestrictionPolicy(r -> r.arn(policy.arn())));
            a.updateChannel(r -> r.arn(user.arn()).playbackRestrictionPolicyArn(""));
            a.deletePlaybackRestrictionPolicy(r -> r.arn(policy.arn()));
        } finally {
            a.deleteChannel(r -> r.arn(user.arn()));
        }
        assertThrows(ResourceNotFoundException.class,
                () -> a.getPlaybackRestrictionPolicy(r -> r.arn(policy.arn())));
        assertThrows(ResourceNotFoundException.class,
                () -> a.createChannel(r -> r.playbackRestrictionPolicyArn(policy.arn())));
    }
}
