package dev.openivs.playbackauth.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Verifies an IVS playback token (REFERENCE §8) without any I/O: a compact JWS with header {@code alg: ES384},
 * signed with the private half of one of the account's imported P-384 key pairs. The JWS signature is the raw
 * {@code R||S} pair (2 × 48 bytes); the JDK verifies it directly with {@code SHA384withECDSAinP1363Format} (no DER
 * conversion, no JOSE library). Claims: {@code aws:channel-arn} (required, must match), {@code exp} (required, seconds;
 * a token is valid while now &lt; exp), {@code aws:access-control-allow-origin}, {@code aws:strict-origin-enforcement},
 * {@code aws:single-use-uuid}, {@code aws:viewer-id} (≤ 40 chars), {@code aws:viewer-session-version} (default 0),
 * {@code aws:maximum-resolution} (SD|HD|FULL_HD). Tokens with a viewer id or single-use UUID may not live longer than
 * {@code maxShortLivedSeconds} from now. Revocations and spent single-use tokens are checked by the caller.
 */
public final class PlaybackTokenVerifier {
    /** Why a token is refused (or {@link #OK}). */
    public enum Reason {
        OK, MALFORMED_TOKEN, UNSUPPORTED_ALGORITHM, INVALID_SIGNATURE, CHANNEL_MISMATCH, MISSING_EXPIRATION, EXPIRED,
        EXPIRATION_TOO_FAR, INVALID_CLAIM, ORIGIN_NOT_ALLOWED, VIEWER_SESSION_REVOKED, TOKEN_ALREADY_USED
    }

    /** The claims that matter after a successful signature check. */
    public record Claims(String channelArn, long exp, String allowedOrigins, boolean strictOriginEnforcement,
            String singleUseUuid, String viewerId, long viewerSessionVersion, String maxResolution) {
    }

    /** Outcome: the reason, the verified claims (null when the signature did not verify) and the matched origin. */
    public record Result(Reason reason, Claims claims, String allowedOrigin) {
        public boolean allowed() {
            return reason == Reason.OK;
        }
    }

    private static final Set<String> RESOLUTIONS = Set.of("SD", "HD", "FULL_HD");
    private static final int MAX_STRICT_ORIGINS = 5;
    private static final Base64.Decoder B64URL = Base64.getUrlDecoder();
    private final ObjectMapper mapper;
    private final long maxShortLivedSeconds;

    public PlaybackTokenVerifier(ObjectMapper mapper, long maxShortLivedSeconds) {
        this.mapper = mapper;
        this.maxShortLivedSeconds = maxShortLivedSeconds;
    }

    public Result verify(String token, String channelArn, List<PublicKey> keys, String origin, Instant now) {
        String[] parts = token == null ? new String[0] : token.split("\\.", -1);
        if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty() || parts[2].isEmpty()) {
            return refuse(Reason.MALFORMED_TOKEN);
        }
        JsonNode header;
        JsonNode payload;
        byte[] signature;
        try {
            header = mapper.readTree(B64URL.decode(parts[0]));
            payload = mapper.readTree(B64URL.decode(parts[1]));
            signature = B64URL.decode(parts[2]);
        } catch (Exception e) {
            return refuse(Reason.MALFORMED_TOKEN);
        }
        if (header == null || !header.isObject() || payload == null || !payload.isObject()) {
            return refuse(Reason.MALFORMED_TOKEN);
        }
        if (!"ES384".equals(header.path("alg").asText(null))) {
            return refuse(Reason.UNSUPPORTED_ALGORITHM);
        }
        byte[] signed = (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII);
        if (signature.length != 96 || keys.stream().noneMatch(k -> verifies(k, signed, signature))) {
            return refuse(Reason.INVALID_SIGNATURE);
        }
        return checkClaims(payload, channelArn, origin, now);
    }

    private Result checkClaims(JsonNode p, String channelArn, String origin, Instant now) {
        JsonNode arn = p.get("aws:channel-arn");
        if (arn == null || !arn.isTextual() || !arn.asText().equals(channelArn)) {
            return refuse(Reason.CHANNEL_MISMATCH);
        }
        JsonNode exp = p.get("exp");
        if (exp == null || !exp.isNumber()) {
            return refuse(Reason.MISSING_EXPIRATION);
        }
        long expires = exp.asLong();
        long nowSeconds = now.getEpochSecond();
        if (nowSeconds >= expires) {
            return refuse(Reason.EXPIRED);
        }
        String origins = text(p, "aws:access-control-allow-origin");
        Boolean strict = bool(p, "aws:strict-origin-enforcement");
        String singleUse = text(p, "aws:single-use-uuid");
        String viewerId = text(p, "aws:viewer-id");
        JsonNode version = p.get("aws:viewer-session-version");
        String maxResolution = text(p, "aws:maximum-resolution");
        if (origins == INVALID || strict == null || singleUse == INVALID || viewerId == INVALID
                || maxResolution == INVALID || (version != null && !version.canConvertToLong())
                || (viewerId != null && (viewerId.isEmpty() || viewerId.length() > 40))
                || (singleUse != null && singleUse.isEmpty())
                || (maxResolution != null && !RESOLUTIONS.contains(maxResolution))) {
            return refuse(Reason.INVALID_CLAIM);
        }
        if ((viewerId != null || singleUse != null) && expires - nowSeconds > maxShortLivedSeconds) {
            return refuse(Reason.EXPIRATION_TOO_FAR);
        }
        Claims claims = new Claims(arn.asText(), expires, origins, strict, singleUse, viewerId,
                version == null ? 0 : version.asLong(), maxResolution);
        if (origins == null) {
            return new Result(Reason.OK, claims, null);
        }
        List<String> allowed = splitOrigins(origins);
        if (allowed.isEmpty() || (strict && allowed.size() > MAX_STRICT_ORIGINS)) {
            return new Result(Reason.INVALID_CLAIM, claims, null);
        }
        if (origin == null || origin.isEmpty()) {
            return strict ? new Result(Reason.ORIGIN_NOT_ALLOWED, claims, null)
                    : new Result(Reason.OK, claims, String.join(",", allowed));
        }
        return allowed.stream().anyMatch(a -> originMatches(a, origin))
                ? new Result(Reason.OK, claims, origin)
                : new Result(Reason.ORIGIN_NOT_ALLOWED, claims, null);
    }

    /** {@code *} matches every origin; {@code https://*.example.com} matches any subdomain; otherwise exact. */
    static boolean originMatches(String pattern, String origin) {
        String p = pattern.toLowerCase(Locale.ROOT);
        String o = origin.toLowerCase(Locale.ROOT);
        if (p.equals("*") || p.equals(o)) {
            return true;
        }
        int star = p.indexOf("://*.");
        if (star < 0) {
            return false;
        }
        String scheme = p.substring(0, star + 3);
        String suffix = p.substring(star + 4);
        return o.startsWith(scheme) && o.endsWith(suffix) && o.length() > scheme.length() + suffix.length();
    }

    private static List<String> splitOrigins(String origins) {
        List<String> out = new ArrayList<>();
        for (String o : origins.split(",")) {
            if (!o.isBlank()) {
                out.add(o.trim());
            }
        }
        return out;
    }

    private static boolean verifies(PublicKey key, byte[] signed, byte[] signature) {
        try {
            Signature s = Signature.getInstance("SHA384withECDSAinP1363Format");
            s.initVerify(key);
            s.update(signed);
            return s.verify(signature);
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static final String INVALID = new String("<invalid>");

    /** The claim's text, null when absent, {@link #INVALID} when not a string. */
    private static String text(JsonNode p, String claim) {
        JsonNode n = p.get(claim);
        if (n == null || n.isNull()) {
            return null;
        }
        return n.isTextual() ? n.asText() : INVALID;
    }

    /** The claim's boolean, false when absent, null when not a boolean. */
    private static Boolean bool(JsonNode p, String claim) {
        JsonNode n = p.get(claim);
        if (n == null || n.isNull()) {
            return false;
        }
        return n.isBoolean() ? n.asBoolean() : null;
    }

    private static Result refuse(Reason reason) {
        return new Result(reason, null, null);
    }
}
