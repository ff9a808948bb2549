package dev.openivs.aws.support;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An IVS ARN: {@code arn:aws:ivs:{region}:{account}:{type}/{id}}. */
public record Arn(String region, String account, ResourceType type, String id) {
    private static final Pattern ARN =
            Pattern.compile("arn:aws:ivs:([a-z0-9-]+):([0-9]+):([a-z-]+)/([a-zA-Z0-9-]+)");

    public static Arn of(String region, String account, ResourceType type, String id) {
        return new Arn(region, account, type, id);
    }

    /** Parses any IVS ARN; empty when it is not one (too long, wrong pattern, unknown type). */
    public static Optional<Arn> parse(String value) {
        if (value == null || value.isEmpty() || value.length() > 128) {
            return Optional.empty();
        }
        Matcher m = ARN.matcher(value);
        if (!m.matches()) {
            return Optional.empty();
        }
        ResourceType type = ResourceType.fromArnWord(m.group(3));
        if (type == null) {
            return Optional.empty();
        }
        return Optional.of(new Arn(m.group(1), m.group(2), type, m.group(4)));
    }

    /** Parses an ARN that must be of the given type; a malformed one is a ValidationException. */
    public static Arn parse(String value, ResourceType expected) {
        Arn arn = parse(value).filter(a -> a.type == expected).orElseThrow(() -> new ValidationException(
                "Value '" + value + "' at 'arn' failed to satisfy constraint: Member must be a valid "
                        + expected.arnWord() + " ARN"));
        return arn;
    }

    /**
     * Parses an ARN of the given type that the caller may see: another region's or account's ARN is reported as
     * not found, so nothing about it is revealed.
     */
    public static Arn owned(String value, ResourceType expected, String region, String account) {
        Arn arn = parse(value, expected);
        if (!arn.region.equals(region) || !arn.account.equals(account)) {
            throw new ResourceNotFoundException();
        }
        return arn;
    }

    public boolean ownedBy(String region, String account) {
        return this.region.equals(region) && this.account.equals(account);
    }

    @Override
    public String toString() {
        return "arn:aws:ivs:" + region + ":" + account + ":" + type.arnWord() + "/" + id;
    }
}
