package dev.openivs.aws.support;

import java.security.SecureRandom;

/** Resource ids and secrets from a cryptographically secure generator. */
public final class Ids {
    private static final char[] ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** {@code n} characters of [A-Za-z0-9]. */
    public static String alnum(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = ALNUM[RANDOM.nextInt(ALNUM.length)];
        }
        return new String(out);
    }

    /** {@code n} lowercase hex characters. */
    public static String hex(int n) {
        char[] out = new char[n];
        for (int i = 0; i < n; i++) {
            out[i] = HEX[RANDOM.nextInt(16)];
        }
        return new String(out);
    }

    /** The 12-character id IVS uses in ARNs. */
    public static String resourceId() {
        return alnum(12);
    }
}
