package dev.openivs.gateway.auth;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.AwsErrorShape;
import dev.openivs.aws.errors.AwsException;
import dev.openivs.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * AWS Signature Version 4 verification, header form (as the AWS SDKs and CLI send it), in two steps so that a
 * request with a bad or unknown key is refused before its body is read:
 * <ol>
 * <li>{@link #authenticate}: parse {@code Authorization}, check the key, the credential scope (date, region,
 * service {@code ivs}, {@code aws4_request}), {@code x-amz-date} within the allowed skew, host and x-amz-date
 * signed;</li>
 * <li>{@link #verify}: build the canonical request from the signed headers, the raw path (double URL-encoded, as
 * non-S3 services sign it) and the normalized query, hash the body (or check {@code x-amz-content-sha256}), derive
 * (cached) the signing key and compare signatures in constant time.</li>
 * </ol>
 * Errors are the AWS front-end errors: MissingAuthenticationTokenException 403, IncompleteSignatureException 400,
 * UnrecognizedClientException 403, InvalidSignatureException 403.
 */
@Singleton
public class SigV4Verifier {
    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final String SERVICE = "ivs";
    private static final String TERMINATOR = "aws4_request";
    private static final String CONTENT_SHA256 = "x-amz-content-sha256";
    private static final DateTimeFormatter AMZ_DATE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private static final Logger LOG = Logger.getLogger(SigV4Verifier.class);

    private final AccountRegistry accounts;
    private final String region;
    private final long maxSkewMillis;

    @Inject
    public SigV4Verifier(AccountRegistry accounts, IvsConfig ivs, GatewayConfig config) {
        this(accounts, ivs.region(), config.maxClockSkew());
    }

    SigV4Verifier(AccountRegistry accounts, String region, Duration maxSkew) {
        this.accounts = accounts;
        this.region = region;
        this.maxSkewMillis = maxSkew.toMillis();
    }

    /** Step 1: everything that can be checked without the body. */
    public SignedRequest authenticate(MultiMap headers, long nowMillis) {
        String authorization = headers.get("Authorization");
        if (authorization == null || authorization.isBlank()) {
            throw AwsException.of(AwsErrorShape.MissingAuthenticationTokenException, null);
        }
        String credentialParam = null;
        String signedHeaders = null;
        String signature = null;
        int space = authorization.indexOf(' ');
        String algorithm = space < 0 ? authorization : authorization.substring(0, space);
        if (!ALGORITHM.equals(algorithm)) {
            throw incomplete("Unsupported AWS 'algorithm': '" + abbreviate(algorithm) + "'.");
        }
        int pos = space + 1;
        int length = authorization.length();
        while (pos < length) {
            int comma = authorization.indexOf(',', pos);
            int end = comma < 0 ? length : comma;
            int start = pos;
            while (start < end && authorization.charAt(start) == ' ') {
                start++;
            }
            int eq = authorization.indexOf('=', start);
            if (eq > start && eq < end) {
                String name = authorization.substring(start, eq);
                String value = authorization.substring(eq + 1, end).trim();
                switch (name) {
                    case "Credential" -> credentialParam = value;
                    case "SignedHeaders" -> signedHeaders = value;
                    case "Signature" -> signature = value;
                    default -> {
                        // unknown components are ignored, as AWS does
                    }
                }
            }
            pos = end + 1;
        }
        String amzDate = headers.get("X-Amz-Date");
        if (credentialParam == null || signedHeaders == null || signature == null || amzDate == null) {
            StringBuilder message = new StringBuilder();
            if (credentialParam == null) {
                message.append("Authorization header requires 'Credential' parameter. ");
            }
            if (signature == null) {
                message.append("Authorization header requires 'Signature' parameter. ");
            }
            if (signedHeaders == null) {
                message.append("Authorization header requires 'SignedHeaders' parameter. ");
            }
            if (amzDate == null) {
                message.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' "
                        + "header. ");
            }
            throw incomplete(message.toString().trim());
        }
        String[] scopeParts = credentialParam.split("/", -1);
        if (scopeParts.length != 5) {
            throw incomplete("Credential must have exactly 5 slash-delimited elements, e.g. "
                    + "keyid/date/region/service/term, got '" + abbreviate(credentialParam) + "'");
        }
        if (!isSigned(signedHeaders, "host")) {
            throw incomplete("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (!isSigned(signedHeaders, "x-amz-date")) {
            throw incomplete("'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }
        long signedAt = parseAmzDate(amzDate);
        Credential credential = accounts.find(scopeParts[0]);
        if (credential == null) {
            throw AwsException.of(AwsErrorShape.UnrecognizedClientException, null);
        }
        if (!amzDate.regionMatches(0, scopeParts[1], 0, 8) || scopeParts[1].length() != 8) {
            throw invalid("Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from "
                    + "HTTP: '" + abbreviate(scopeParts[1]) + "' != '" + amzDate.substring(0, 8) + "', from '"
                    + amzDate + "'.");
        }
        if (!region.equals(scopeParts[2])) {
            throw invalid("Credential should be scoped to a valid region, not '" + abbreviate(scopeParts[2]) + "'.");
        }
        if (!SERVICE.equals(scopeParts[3])) {
            throw invalid("Credential should be scoped to correct service: '" + SERVICE + "'.");
        }
        if (!TERMINATOR.equals(scopeParts[4])) {
            throw invalid("Credential should be scoped with a valid terminator: 'aws4_request', not '"
                    + abbreviate(scopeParts[4]) + "'.");
        }
        if (signedAt < nowMillis - maxSkewMillis) {
            throw invalid("Signature expired: " + amzDate + " is now earlier than "
                    + format(nowMillis - maxSkewMillis) + " (" + format(nowMillis) + " - "
                    + maxSkewMillis / 60_000 + " min.)");
        }
        if (signedAt > nowMillis + maxSkewMillis) {
            throw invalid("Signature not yet current: " + amzDate + " is still later than "
                    + format(nowMillis + maxSkewMillis) + " (" + format(nowMillis) + " + "
                    + maxSkewMillis / 60_000 + " min.)");
        }
        String scope = credentialParam.substring(scopeParts[0].length() + 1);
        return new SignedRequest(credential, amzDate, scope, signedHeaders, signature);
    }

    /** Step 2: the signature over the canonical request, with the whole body. */
    public void verify(SignedRequest signed, String method, String rawPath, String rawQuery, MultiMap headers,
            String host, Buffer body) {
        String payloadHash = payloadHash(body);
        String declared = headers.get(CONTENT_SHA256);
        if (declared != null && !declared.equals(payloadHash)) {
            throw invalid("The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        StringBuilder canonical = new StringBuilder(256 + rawPath.length() * 2);
        canonical.append(method).append('\n');
        appendCanonicalUri(canonical, rawPath);
        canonical.append('\n');
        appendCanonicalQuery(canonical, rawQuery);
        canonical.append('\n');
        appendCanonicalHeaders(canonical, signed.signedHeaders(), headers, host);
        canonical.append('\n').append(signed.signedHeaders()).append('\n').append(payloadHash);

        MessageDigest sha = Hmac.sha256();
        byte[] canonicalHash = Hmac.hex(sha.digest(canonical.toString().getBytes(StandardCharsets.UTF_8)));
        String stringToSign = ALGORITHM + '\n' + signed.amzDate() + '\n' + signed.scope() + '\n'
                + new String(canonicalHash, StandardCharsets.US_ASCII);
        String scopeDate = signed.amzDate().substring(0, 8);
        byte[] key = signed.credential().signingKey(scopeDate, region, SERVICE);
        byte[] expected = Hmac.hex(Hmac.sign(key, stringToSign));
        if (!MessageDigest.isEqual(expected, signed.signature().getBytes(StandardCharsets.US_ASCII))) {
            if (LOG.isDebugEnabled()) {
                LOG.debugf("Signature mismatch for %s; canonical request was:%n%s", signed.credential(), canonical);
            }
            throw invalid(null);
        }
    }

    private static String payloadHash(Buffer body) {
        MessageDigest sha = Hmac.sha256();
        if (body != null && body.length() > 0) {
            sha.update(body.getByteBuf().nioBuffer());
        }
        return new String(Hmac.hex(sha.digest()), StandardCharsets.US_ASCII);
    }

    /** The raw (already percent-encoded) path, dot segments removed, encoded once more as AWS signs it. */
    static void appendCanonicalUri(StringBuilder out, String rawPath) {
        if (rawPath.isEmpty()) {
            out.append('/');
            return;
        }
        String path = rawPath.contains("//") || rawPath.contains("/.") ? removeDotSegments(rawPath) : rawPath;
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '/' || isUnreserved(c)) {
                out.append(c);
            } else {
                appendEncoded(out, String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    /** RFC 3986 dot-segment removal, also collapsing empty segments (as botocore and the SDKs do). */
    static String removeDotSegments(String path) {
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/")) {
            if (segment.isEmpty() || segment.equals(".")) {
                continue;
            }
            if (segment.equals("..")) {
                if (!out.isEmpty()) {
                    out.remove(out.size() - 1);
                }
            } else {
                out.add(segment);
            }
        }
        String joined = "/" + String.join("/", out);
        return path.endsWith("/") && !out.isEmpty() ? joined + "/" : joined;
    }

    /** Query parameters decoded, re-encoded strictly (RFC 3986 unreserved kept), sorted by name then value. */
    static void appendCanonicalQuery(StringBuilder out, String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return;
        }
        List<String[]> pairs = new ArrayList<>();
        int pos = 0;
        while (pos <= rawQuery.length()) {
            int amp = rawQuery.indexOf('&', pos);
            int end = amp < 0 ? rawQuery.length() : amp;
            if (end > pos) {
                int eq = rawQuery.indexOf('=', pos);
                if (eq < 0 || eq > end) {
                    pairs.add(new String[] {normalize(rawQuery.substring(pos, end)), ""});
                } else {
                    pairs.add(new String[] {normalize(rawQuery.substring(pos, eq)),
                            normalize(rawQuery.substring(eq + 1, end))});
                }
            }
            pos = end + 1;
        }
        pairs.sort((a, b) -> {
            int byName = a[0].compareTo(b[0]);
            return byName != 0 ? byName : a[1].compareTo(b[1]);
        });
        for (int i = 0; i < pairs.size(); i++) {
            if (i > 0) {
                out.append('&');
            }
            out.append(pairs.get(i)[0]).append('=').append(pairs.get(i)[1]);
        }
    }

    /** Percent-decodes a query component and encodes it the SigV4 way. */
    static String normalize(String component) {
        boolean plain = true;
        for (int i = 0; i < component.length() && plain; i++) {
            plain = isUnreserved(component.charAt(i));
        }
        if (plain) {
            return component;
        }
        byte[] raw = component.getBytes(StandardCharsets.UTF_8);
        byte[] decoded = new byte[raw.length];
        int n = 0;
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hexValue(raw[i + 1]) >= 0 && hexValue(raw[i + 2]) >= 0) {
                decoded[n++] = (byte) (hexValue(raw[i + 1]) << 4 | hexValue(raw[i + 2]));
                i += 2;
            } else {
                decoded[n++] = raw[i];
            }
        }
        StringBuilder out = new StringBuilder(n * 3);
        for (int i = 0; i < n; i++) {
            char c = (char) (decoded[i] & 0xFF);
            if (c < 0x80 && isUnreserved(c)) {
                out.append(c);
            } else {
                out.append('%').append(UPPER_HEX[(c >> 4) & 0xF]).append(UPPER_HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** The signed headers' values; {@code host} is the Host header or, over HTTP/2, {@code :authority}. */
    private static void appendCanonicalHeaders(StringBuilder out, String signedHeaders, MultiMap headers,
            String host) {
        int pos = 0;
        while (pos < signedHeaders.length()) {
            int semi = signedHeaders.indexOf(';', pos);
            int end = semi < 0 ? signedHeaders.length() : semi;
            String name = signedHeaders.substring(pos, end);
            out.append(name).append(':');
            if (host != null && name.equals("host")) {
                appendTrimmed(out, host);
                out.append('\n');
                pos = end + 1;
                continue;
            }
            List<String> values = headers.getAll(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                appendTrimmed(out, values.get(i));
            }
            out.append('\n');
            pos = end + 1;
        }
    }

    /** Header value with leading/trailing spaces removed and inner runs of spaces collapsed to one. */
    private static void appendTrimmed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                started = true;
            }
        }
    }

    private static boolean isSigned(String signedHeaders, String name) {
        int idx = signedHeaders.indexOf(name);
        while (idx >= 0) {
            int end = idx + name.length();
            if ((idx == 0 || signedHeaders.charAt(idx - 1) == ';')
                    && (end == signedHeaders.length() || signedHeaders.charAt(end) == ';')) {
                return true;
            }
            idx = signedHeaders.indexOf(name, end);
        }
        return false;
    }

    /** yyyyMMdd'T'HHmmss'Z' to epoch millis, or IncompleteSignatureException. */
    private static long parseAmzDate(String value) {
        if (value.length() == 16 && value.charAt(8) == 'T' && value.charAt(15) == 'Z') {
            try {
                long days = LocalDate.of(digits(value, 0, 4), digits(value, 4, 2), digits(value, 6, 2)).toEpochDay();
                int h = digits(value, 9, 2);
                int m = digits(value, 11, 2);
                int s = digits(value, 13, 2);
                if (h < 24 && m < 60 && s < 60) {
                    return ((days * 24 + h) * 60 + m) * 60_000L + s * 1000L;
                }
            } catch (DateTimeException | NumberFormatException e) {
                // falls through to the error
            }
        }
        throw incomplete("Date must be in ISO-8601 'basic format'. Got '" + abbreviate(value)
                + "'. See http://en.wikipedia.org/wiki/ISO_8601");
    }

    private static int digits(String value, int from, int count) {
        int n = 0;
        for (int i = from; i < from + count; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException();
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static boolean isUnreserved(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        return -1;
    }

    private static void appendEncoded(StringBuilder out, byte[] bytes) {
        for (byte b : bytes) {
            out.append('%').append(UPPER_HEX[(b >> 4) & 0xF]).append(UPPER_HEX[b & 0xF]);
        }
    }

    private static String format(long millis) {
        return AMZ_DATE.format(Instant.ofEpochMilli(millis));
    }

    private static String abbreviate(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "..." : s;
    }

    private static AwsException incomplete(String message) {
        return AwsException.of(AwsErrorShape.IncompleteSignatureException, message);
    }

    private static AwsException invalid(String message) {
        return AwsException.of(AwsErrorShape.InvalidSignatureException, message);
    }
}
