package dev.openivs.aws.support;

/** Patterns of the AWS model, for Bean Validation annotations on request records. */
public final class Constraints {
    public static final String NAME = "[a-zA-Z0-9-_]*";
    public static final String CHANNEL_ARN = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:channel/[a-zA-Z0-9-]+";
    public static final String STREAM_KEY_ARN = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:stream-key/[a-zA-Z0-9-]+";
    public static final String PLAYBACK_KEY_ARN = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:playback-key/[a-zA-Z0-9-]+";
    public static final String RECORDING_CONFIGURATION_ARN =
            "arn:aws:ivs:[a-z0-9-]+:[0-9]+:recording-configuration/[a-zA-Z0-9-]+";
    public static final String PLAYBACK_RESTRICTION_POLICY_ARN =
            "arn:aws:ivs:[a-z0-9-]+:[0-9]+:playback-restriction-policy/[a-zA-Z0-9-]+";
    public static final String CHANNEL_RECORDING_CONFIGURATION_ARN = "^$|^" + RECORDING_CONFIGURATION_ARN + "$";
    public static final String CHANNEL_PLAYBACK_RESTRICTION_POLICY_ARN = "^$|^" + PLAYBACK_RESTRICTION_POLICY_ARN + "$";
    public static final String PAGINATION_TOKEN = "[a-zA-Z0-9+/=_-]*";
    public static final String TAG_KEY = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+";
    public static final String TAG_VALUE = "[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*";
    public static final String STREAM_ID = "st-[a-zA-Z0-9]+";
    public static final String AD_CONFIGURATION_ARN = "arn:aws:ivs:[a-z0-9-]+:[0-9]+:ad-configuration/[a-zA-Z0-9-]+";
    public static final String CHANNEL_AD_CONFIGURATION_ARN = "^$|^" + AD_CONFIGURATION_ARN + "$";

    /** AWS-style violation texts, for the {@code message} of the annotations. */
    public static final String MUST_MATCH = "Member must satisfy regular expression pattern: ";
    public static final String MUST_BE_ONE_OF = "Member must satisfy enum value set: ";
    public static final String NOT_NULL = "Member must not be null";
    public static final String MAX_LENGTH_128 = "Member must have length less than or equal to 128";
    public static final String LENGTH_1_128 = "Member must have length between 1 and 128";
    public static final String MAX_LENGTH_256 = "Member must have length less than or equal to 256";
    public static final String MAX_LENGTH_1024 = "Member must have length less than or equal to 1024";
    public static final String MAX_50_TAGS = "Member must have length less than or equal to 50";
    public static final String LIST_1_50 = "Member must have length between 1 and 50";
    public static final String AT_LEAST_1 = "Member must have value greater than or equal to 1";
    public static final String AT_MOST_50 = "Member must have value less than or equal to 50";
    public static final String AT_MOST_100 = "Member must have value less than or equal to 100";
    /** AdDurationSeconds' upper bound (1..300). */
    public static final String AT_MOST_300 = "Member must have value less than or equal to 300";

    private Constraints() {
    }
}
