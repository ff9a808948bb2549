package dev.openivs.aws.support;

import dev.openivs.aws.errors.ValidationException;
import java.util.Collection;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The AWS tag rules of the IVS model ({@code Tags}, {@code TagKey}, {@code TagValue}): at most 50 tags, key 1..128
 * and value 0..256 characters of {@code [\p{L}\p{Z}\p{N}_.:/=+\-@]}, and no key starting with the reserved
 * {@code aws:} prefix (any case). Every violation is a ValidationException.
 */
public final class TagRules {
    public static final int MAX_TAGS = 50;
    public static final int MAX_KEY_LENGTH = 128;
    public static final int MAX_VALUE_LENGTH = 256;
    private static final Pattern KEY = Pattern.compile(Constraints.TAG_KEY);
    private static final Pattern VALUE = Pattern.compile(Constraints.TAG_VALUE);

    private TagRules() {
    }

    /** Validates a tag map as given to a Create* call or TagResource ({@code member} names it in messages). */
    public static void validate(Map<String, String> tags, String member) {
        if (tags == null) {
            return;
        }
        if (tags.size() > MAX_TAGS) {
            throw new ValidationException("Value at '" + member + "' failed to satisfy constraint: Member must have"
                    + " length less than or equal to " + MAX_TAGS);
        }
        tags.forEach((k, v) -> {
            validateKey(k, member);
            if (v == null || v.length() > MAX_VALUE_LENGTH || !VALUE.matcher(v).matches()) {
                throw new ValidationException("Value at '" + member + "." + k + "' failed to satisfy constraint:"
                        + " Member must have length less than or equal to " + MAX_VALUE_LENGTH
                        + " and match pattern " + Constraints.TAG_VALUE);
            }
        });
    }

    /** Validates tag keys as given to UntagResource. */
    public static void validateKeys(Collection<String> keys, String member) {
        if (keys.size() > MAX_TAGS) {
            throw new ValidationException("Value at '" + member + "' failed to satisfy constraint: Member must have"
                    + " length less than or equal to " + MAX_TAGS);
        }
        keys.forEach(k -> validateKey(k, member));
    }

    /** The quota after a merge: more than 50 tags on one resource is refused. */
    public static void checkCount(int tagsAfterChange) {
        if (tagsAfterChange > MAX_TAGS) {
            throw new ValidationException("A resource can have at most " + MAX_TAGS + " tags; this change would leave "
                    + tagsAfterChange + ".");
        }
    }

    private static void validateKey(String key, String member) {
        if (key == null || key.isEmpty() || key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw new ValidationException("Value '" + key + "' at '" + member + "' failed to satisfy constraint:"
                    + " Member must have length between 1 and " + MAX_KEY_LENGTH + " and match pattern "
                    + Constraints.TAG_KEY);
        }
        if (key.toLowerCase(Locale.ROOT).startsWith("aws:")) {
            throw new ValidationException("Tag keys starting with 'aws:' are reserved for AWS use.");
        }
    }
}
