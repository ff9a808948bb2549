package dev.openivs.playbackauth.service;

import dev.openivs.aws.errors.ValidationException;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Playback public keys: a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo) holding an ECDSA key on P-384
 * (secp384r1), nothing else. The fingerprint is the MD5 digest of the key's DER SubjectPublicKeyInfo, as 16
 * colon-separated lowercase hex bytes (what {@code openssl pkey -pubin -in public.pem -outform DER | openssl md5 -c}
 * prints).
 */
public final class PlaybackPublicKeys {
    private static final Pattern PEM = Pattern.compile(
            "\\s*-----BEGIN PUBLIC KEY-----([A-Za-z0-9+/=\\s]+)-----END PUBLIC KEY-----\\s*");
    private static final ECParameterSpec P384 = p384();

    private PlaybackPublicKeys() {
    }

    /** Parses PEM text to a P-384 public key; anything else is a ValidationException. */
    public static ECPublicKey parsePem(String pem) {
        Matcher m = pem == null ? null : PEM.matcher(pem);
        if (m == null || !m.matches()) {
            throw invalid();
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(m.group(1).replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        return fromDer(der);
    }

    /** The key of a stored DER SubjectPublicKeyInfo. */
    public static ECPublicKey fromDer(byte[] der) {
        PublicKey key;
        try {
            key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
        } catch (GeneralSecurityException | RuntimeException e) {
            throw invalid();
        }
        if (!(key instanceof ECPublicKey ec) || !isP384(ec.getParams())) {
            throw invalid();
        }
        return ec;
    }

    /** MD5 over the DER SubjectPublicKeyInfo, {@code aa:bb:…} (16 bytes). */
    public static String fingerprint(ECPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("MD5").digest(key.getEncoded());
            StringBuilder sb = new StringBuilder(47);
            for (byte b : digest) {
                if (sb.length() > 0) {
                    sb.append(':');
                }
                sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
            }
            return sb.toString();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static boolean isP384(ECParameterSpec p) {
        return p.getCurve().getField().getFieldSize() == 384
                && p.getOrder().equals(P384.getOrder())
                && p.getCurve().equals(P384.getCurve())
                && p.getGenerator().equals(P384.getGenerator());
    }

    private static ValidationException invalid() {
        return new ValidationException("publicKeyMaterial must be a PEM-encoded ECDSA public key on the P-384 curve"
                + " (-----BEGIN PUBLIC KEY-----).");
    }

    private static ECParameterSpec p384() {
        try {
            AlgorithmParameters params = AlgorithmParameters.getInstance("EC");
            params.init(new ECGenParameterSpec("secp384r1"));
            return params.getParameterSpec(ECParameterSpec.class);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
