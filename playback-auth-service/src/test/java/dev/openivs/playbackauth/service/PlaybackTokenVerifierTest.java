package dev.openivs.playbackauth.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.openivs.playbackauth.TestTokens;
import dev.openivs.playbackauth.service.PlaybackTokenVerifier;
import dev.openivs.playbackauth.service.PlaybackTokenVerifier.Reason;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The token rules of REFERENCE §8, with tokens signed by P-384 keys generated here. */
class PlaybackTokenVerifierTest {
    static final String CHANNEL = "arn:aws:ivs:us-west-2:123456789012:channel/abcdABCDefgh";
    static final Instant NOW = Instant.parse("2026-01-01T12:00:00Z");
    static KeyPair key;
    static KeyPair otherKey;
    final PlaybackTokenVerifier verifier = new PlaybackTokenVerifier(TestTokens.JSON, 600);

    @BeforeAll
    static void keys() throws Exception {
        key = TestTokens.p384();
        otherKey = TestTokens.p384();
    }

    static Map<String, Object> claims(Object... extra) {
        Map<String, Object> c = new HashMap<>();
        c.put("aws:channel-arn", CHANNEL);
        c.put("exp", NOW.getEpochSecond() + 300);
        for (int i = 0; i < extra.length; i += 2) {
            if (extra[i + 1] == null) {
                c.remove((String) extra[i]);
            } else {
                c.put((String) extra[i], extra[i + 1]);
            }
        }
        return c;
    }

    PlaybackTokenVerifier.Result verify(Map<String, Object> claims, String origin) throws Exception {
        return verifier.verify(TestTokens.token(key.getPrivate(), claims), CHANNEL, List.of(key.getPublic()), origin,
                NOW);
    }

    Reason reason(Map<String, Object> claims) throws Exception {
        return verify(claims, null).reason();
    }

    @Test
    void shouldAllowAValidToken() throws Exception {
        PlaybackTokenVerifier.Result r = verify(claims("aws:maximum-resolution", "HD"), null);
        assertTrue(r.allowed());
        assertEquals("HD", r.claims().maxResolution());
        assertEquals(NOW.getEpochSecond() + 300, r.claims().exp());
    }

    @Test
    void shouldAcceptAnyOfTheAccountsKeys() throws Exception {
        String t = TestTokens.token(key.getPrivate(), claims());
        List<PublicKey> keys = List.of(otherKey.getPublic(), key.getPublic());
        assertEquals(Reason.OK, verifier.verify(t, CHANNEL, keys, null, NOW).reason());
    }

    @Test
    void shouldRefuseAnExpiredToken() throws Exception {
        assertEquals(Reason.EXPIRED, reason(claims("exp", NOW.getEpochSecond())));
        assertEquals(Reason.EXPIRED, reason(claims("exp", NOW.getEpochSecond() - 1)));
        assertEquals(Reason.OK, reason(claims("exp", NOW.getEpochSecond() + 1)));
    }

    @Test
    void shouldRequireExpAndTheChannelClaim() throws Exception {
        assertEquals(Reason.MISSING_EXPIRATION, reason(claims("exp", null)));
        assertEquals(Reason.MISSING_EXPIRATION, reason(claims("exp", "tomorrow")));
        assertEquals(Reason.CHANNEL_MISMATCH, reason(claims("aws:channel-arn", null)));
    }

    @Test
    void shouldRefuseATokenForAnotherChannel() throws Exception {
        assertEquals(Reason.CHANNEL_MISMATCH,
                reason(claims("aws:channel-arn", "arn:aws:ivs:us-west-2:123456789012:channel/other0000000")));
    }

    @Test
    void shouldRefuseATokenSignedByAnotherKey() throws Exception {
        String t = TestTokens.token(otherKey.getPrivate(), claims());
        assertEquals(Reason.INVALID_SIGNATURE, verifier.verify(t, CHANNEL, List.of(key.getPublic()), null, NOW)
                .reason());
        assertEquals(Reason.INVALID_SIGNATURE, verifier.verify(t, CHANNEL, List.of(), null, NOW).reason());
    }

    @Test
    void shouldRefuseATamperedPayload() throws Exception {
        String t = TestTokens.token(key.getPrivate(), claims());
        String[] p = t.split("\\.");
        String forged = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(TestTokens.JSON
                .writeValueAsBytes(claims("exp", NOW.getEpochSecond() + 99999)));
        assertEquals(Reason.INVALID_SIGNATURE, verifier.verify(p[0] + "." + forged + "." + p[2], CHANNEL,
                List.of(key.getPublic()), null, NOW).reason());
    }

    @Test
    void shouldRefuseOtherAlgorithmsAndGarbage() throws Exception {
        String none = TestTokens.token(key.getPrivate(), Map.of("alg", "none"), claims());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, verifier.verify(none, CHANNEL, List.of(key.getPublic()), null, NOW)
                .reason());
        String es256 = TestTokens.token(key.getPrivate(), Map.of("alg", "ES256"), claims());
        assertEquals(Reason.UNSUPPORTED_ALGORITHM, verifier.verify(es256, CHANNEL, List.of(key.getPublic()), null,
                NOW).reason());
        for (String garbage : new String[] {null, "", "a.b", "a.b.c.d", "!!!.###.$$$", "e30.e30."}) {
            assertEquals(Reason.MALFORMED_TOKEN, verifier.verify(garbage, CHANNEL, List.of(key.getPublic()), null,
                    NOW).reason(), String.valueOf(garbage));
        }
    }

    @Test
    void shouldApplyOriginRules() throws Exception {
        Map<String, Object> c = claims("aws:access-control-allow-origin", "https://example.com,https://*.amazon.com");
        assertEquals("https://example.com", verify(c, "https://example.com").allowedOrigin());
        assertEquals(Reason.OK, verify(c, "https://www.amazon.com").reason());
        assertEquals(Reason.ORIGIN_NOT_ALLOWED, verify(c, "https://evil.com").reason());
        assertEquals(Reason.ORIGIN_NOT_ALLOWED, verify(c, "https://amazon.com.evil.com").reason());
        assertEquals(Reason.OK, verify(c, null).reason());
        Map<String, Object> strict = new HashMap<>(c);
        strict.put("aws:strict-origin-enforcement", true);
        assertEquals(Reason.ORIGIN_NOT_ALLOWED, verify(strict, null).reason());
        assertTrue(verify(strict, "https://example.com").claims().strictOriginEnforcement());
        strict.put("aws:access-control-allow-origin", "https://a.com,https://b.com,https://c.com,https://d.com,"
                + "https://e.com,https://f.com");
        assertEquals(Reason.INVALID_CLAIM, verify(strict, "https://a.com").reason());
        assertEquals(Reason.INVALID_CLAIM, reason(claims("aws:strict-origin-enforcement", "yes")));
    }

    @Test
    void shouldLimitViewerAndSingleUseTokensToTenMinutes() throws Exception {
        long far = NOW.getEpochSecond() + 3600;
        assertEquals(Reason.EXPIRATION_TOO_FAR, reason(claims("aws:viewer-id", "v1", "exp", far)));
        assertEquals(Reason.EXPIRATION_TOO_FAR, reason(claims("aws:single-use-uuid", "u1", "exp", far)));
        assertEquals(Reason.OK, reason(claims("exp", far)));
        PlaybackTokenVerifier.Result r = verify(claims("aws:viewer-id", "v1", "aws:viewer-session-version", 7,
                "aws:single-use-uuid", "u1"), null);
        assertTrue(r.allowed());
        assertEquals(7, r.claims().viewerSessionVersion());
        assertEquals("u1", r.claims().singleUseUuid());
    }

    @Test
    void shouldRefuseInvalidOptionalClaims() throws Exception {
        assertEquals(Reason.INVALID_CLAIM, reason(claims("aws:maximum-resolution", "8K")));
        assertEquals(Reason.INVALID_CLAIM, reason(claims("aws:viewer-id", "v".repeat(41))));
        assertEquals(Reason.INVALID_CLAIM, reason(claims("aws:viewer-id", 42)));
        assertEquals(Reason.INVALID_CLAIM, reason(claims("aws:viewer-id", "v", "aws:viewer-session-version", "x")));
        assertFalse(verify(claims("aws:single-use-uuid", ""), null).allowed());
    }
}
