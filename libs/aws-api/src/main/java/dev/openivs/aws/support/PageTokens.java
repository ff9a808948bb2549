package dev.openivs.aws.support;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.ValidationException;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opaque pagination tokens: the position after the last item returned, bound to the account and the query
 * ("scope", e.g. the operation and its filter) and signed with HMAC-SHA256. A tampered token, or one issued for
 * another account or query, is a ValidationException.
 */
@ApplicationScoped
public class PageTokens {
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();
    private final byte[] secret;

    public PageTokens(IvsConfig config) {
        this.secret = config.paginationSecret().getBytes(StandardCharsets.UTF_8);
    }

    public String encode(String account, String scope, String position) {
        byte[] pos = position.getBytes(StandardCharsets.UTF_8);
        byte[] mac = mac(account, scope, pos);
        byte[] out = new byte[pos.length + 16];
        System.arraycopy(pos, 0, out, 0, pos.length);
        System.arraycopy(mac, 0, out, pos.length, 16);
        return ENC.encodeToString(out);
    }

    /** The position the token stands for; null token (or empty) means "from the start" and gives null. */
    public String decode(String token, String account, String scope) {
        if (token == null || token.isEmpty()) {
            return null;
        }
        byte[] raw;
        try {
            raw = DEC.decode(token);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        if (raw.length <= 16 || token.length() > 1024) {
            throw invalid();
        }
        byte[] pos = Arrays.copyOf(raw, raw.length - 16);
        byte[] given = Arrays.copyOfRange(raw, raw.length - 16, raw.length);
        if (!MessageDigest.isEqual(Arrays.copyOf(mac(account, scope, pos), 16), given)) {
            throw invalid();
        }
        return new String(pos, StandardCharsets.UTF_8);
    }

    private static ValidationException invalid() {
        return new ValidationException("The pagination token is invalid.");
    }

    private byte[] mac(String account, String scope, byte[] position) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update((account + "\n" + scope + "\n").getBytes(StandardCharsets.UTF_8));
            return mac.doFinal(position);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
