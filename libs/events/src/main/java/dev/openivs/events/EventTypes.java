package dev.openivs.events;

/**
 * The {@code type} of every internal event (docs/internal-api.md lists producer and consumers of each), by topic
 * ({@link Topics}). A breaking change of an event's data is a new version ({@code .v2}), never an edit of these.
 */
public final class EventTypes {
    /** {@link Topics#CHANNEL}, by channel-service (channels and ad configurations). */
    public static final String CHANNEL_CREATED = "ChannelCreated.v1";
    public static final String CHANNEL_UPDATED = "ChannelUpdated.v1";
    public static final String CHANNEL_DELETED = "ChannelDeleted.v1";
    public static final String AD_CONFIGURATION_CREATED = "AdConfigurationCreated.v1";
    public static final String AD_CONFIGURATION_UPDATED = "AdConfigurationUpdated.v1";
    public static final String AD_CONFIGURATION_DELETED = "AdConfigurationDeleted.v1";

    /** {@link Topics#STREAM_KEY}, by streamkey-service. */
    public static final String STREAM_KEY_CREATED = "StreamKeyCreated.v1";
    public static final String STREAM_KEY_DELETED = "StreamKeyDeleted.v1";

    /** {@link Topics#STREAM}, by stream-service. */
    public static final String STREAM_SESSION_STARTED = "StreamSessionStarted.v1";
    public static final String STREAM_STARTED = "StreamStarted.v1";
    public static final String STREAM_HEALTH_CHANGED = "StreamHealthChanged.v1";
    public static final String STREAM_SESSION_ENDED = "StreamSessionEnded.v1";

    /** {@link Topics#PLAYBACK_AUTH}, by playback-auth-service. */
    public static final String PLAYBACK_KEY_PAIR_IMPORTED = "PlaybackKeyPairImported.v1";
    public static final String PLAYBACK_KEY_PAIR_DELETED = "PlaybackKeyPairDeleted.v1";
    public static final String PLAYBACK_RESTRICTION_POLICY_CREATED = "PlaybackRestrictionPolicyCreated.v1";
    public static final String PLAYBACK_RESTRICTION_POLICY_UPDATED = "PlaybackRestrictionPolicyUpdated.v1";
    public static final String PLAYBACK_RESTRICTION_POLICY_DELETED = "PlaybackRestrictionPolicyDeleted.v1";
    public static final String VIEWER_SESSIONS_REVOKED = "ViewerSessionsRevoked.v1";

    /** {@link Topics#RECORDING}, by recording-service. */
    public static final String RECORDING_CONFIGURATION_CREATED = "RecordingConfigurationCreated.v1";
    public static final String RECORDING_CONFIGURATION_DELETED = "RecordingConfigurationDeleted.v1";

    /** {@link Topics#TAGS}, by tagging-service. */
    public static final String TAGS_CHANGED = "TagsChanged.v1";

    /** How every {@code *Deleted} type ends: tagging-service drops the tags of a resource on any of them. */
    public static final String DELETED_SUFFIX = "Deleted.v1";

    private EventTypes() {
    }
}
