package dev.openivs.gateway.auth;

import java.nio.charset.StandardCharsets;

/**
 * One access key: its account and secret, plus the derived SigV4 signing keys of the last two dates (so requests
 * signed just before and after midnight UTC both hit the cache). Region and service are fixed per gateway.
 */
public final class Credential {
    private final String accountId;
    private final String accessKeyId;
    private final byte[] secret;
    private volatile DerivedKey newest;
    private volatile DerivedKey previous;

    public Credential(String accountId, String accessKeyId, String secretAccessKey) {
        this.accountId = accountId;
        this.accessKeyId = accessKeyId;
        this.secret = ("AWS4" + secretAccessKey).getBytes(StandardCharsets.UTF_8);
    }

    public String accountId() {
        return accountId;
    }

    public String accessKeyId() {
        return accessKeyId;
    }

    /** kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), cached. */
    byte[] signingKey(String date, String region, String service) {
        DerivedKey k = newest;
        if (k != null && k.date.equals(date)) {
            return k.key;
        }
        DerivedKey p = previous;
        if (p != null && p.date.equals(date)) {
            return p.key;
        }
        byte[] key = Hmac.sign(secret, date);
        key = Hmac.sign(key, region);
        key = Hmac.sign(key, service);
        key = Hmac.sign(key, "aws4_request");
        DerivedKey derived = new DerivedKey(date, key);
        if (k == null || date.compareTo(k.date) > 0) {
            previous = k;
            newest = derived;
        } else {
            previous = derived;
        }
        return key;
    }

    @Override
    public String toString() {
        return "Credential[" + accessKeyId + " -> " + accountId + "]";
    }

    private record DerivedKey(String date, byte[] key) {
    }
}
