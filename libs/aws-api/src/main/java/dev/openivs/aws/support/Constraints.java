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

    private Constraints() {
    }
}
