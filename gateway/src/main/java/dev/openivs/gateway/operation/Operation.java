package dev.openivs.gateway.operation;

import java.util.HashMap;
import java.util.Map;

/**
 * Every public operation the gateway routes, with its owning service and the default rate quota (TPS per account
 * and region, AWS IVS service quotas "API rate" table). AWS publishes no rate for the six ad operations; they get
 * 5 TPS, the rate of the other configuration resources' operations (channels, restriction policies).
 */
public enum Operation {
    CreateChannel(Service.CHANNEL, 5),
    GetChannel(Service.CHANNEL, 5),
    BatchGetChannel(Service.CHANNEL, 5),
    ListChannels(Service.CHANNEL, 5),
    UpdateChannel(Service.CHANNEL, 5),
    DeleteChannel(Service.CHANNEL, 5),

    CreateAdConfiguration(Service.CHANNEL, 5),
    GetAdConfiguration(Service.CHANNEL, 5),
    ListAdConfigurations(Service.CHANNEL, 5),
    UpdateAdConfiguration(Service.CHANNEL, 5),
    DeleteAdConfiguration(Service.CHANNEL, 5),

    CreateStreamKey(Service.STREAMKEY, 5),
    GetStreamKey(Service.STREAMKEY, 5),
    BatchGetStreamKey(Service.STREAMKEY, 5),
    ListStreamKeys(Service.STREAMKEY, 5),
    DeleteStreamKey(Service.STREAMKEY, 5),

    GetStream(Service.STREAM, 5),
    ListStreams(Service.STREAM, 5),
    GetStreamSession(Service.STREAM, 5),
    ListStreamSessions(Service.STREAM, 5),
    StopStream(Service.STREAM, 5),
    /** 155 TPS per account; also 5 TPS per channel (see {@link #PUT_METADATA_PER_CHANNEL_TPS}). */
    PutMetadata(Service.STREAM, 155),
    InsertAdBreak(Service.STREAM, 5),

    ImportPlaybackKeyPair(Service.PLAYBACK_AUTH, 3),
    GetPlaybackKeyPair(Service.PLAYBACK_AUTH, 3),
    ListPlaybackKeyPairs(Service.PLAYBACK_AUTH, 3),
    DeletePlaybackKeyPair(Service.PLAYBACK_AUTH, 3),
    StartViewerSessionRevocation(Service.PLAYBACK_AUTH, 10),
    BatchStartViewerSessionRevocation(Service.PLAYBACK_AUTH, 2),
    CreatePlaybackRestrictionPolicy(Service.PLAYBACK_AUTH, 5),
    GetPlaybackRestrictionPolicy(Service.PLAYBACK_AUTH, 5),
    ListPlaybackRestrictionPolicies(Service.PLAYBACK_AUTH, 5),
    UpdatePlaybackRestrictionPolicy(Service.PLAYBACK_AUTH, 5),
    DeletePlaybackRestrictionPolicy(Service.PLAYBACK_AUTH, 5),

    CreateRecordingConfiguration(Service.RECORDING, 3),
    GetRecordingConfiguration(Service.RECORDING, 3),
    ListRecordingConfigurations(Service.RECORDING, 3),
    DeleteRecordingConfiguration(Service.RECORDING, 3),

    /** {@code GET /tags/{resourceArn}}. */
    ListTagsForResource(Service.TAGGING, 10),
    /** {@code POST /tags/{resourceArn}}. */
    TagResource(Service.TAGGING, 10),
    /** {@code DELETE /tags/{resourceArn}?tagKeys=...}. */
    UntagResource(Service.TAGGING, 10);

    /** PutMetadata quota per channel (TPS). */
    public static final double PUT_METADATA_PER_CHANNEL_TPS = 5;

    private static final String TAGS_PREFIX = "/tags/";
    private static final Map<String, Operation> BY_PATH = new HashMap<>();

    static {
        for (Operation op : values()) {
            if (op.service != Service.TAGGING) {
                BY_PATH.put("/" + op.name(), op);
            }
        }
    }

    private final Service service;
    private final double defaultTps;

    Operation(Service service, double defaultTps) {
        this.service = service;
        this.defaultTps = defaultTps;
    }

    public Service service() {
        return service;
    }

    public double defaultTps() {
        return defaultTps;
    }

    /** The operation for a method and raw path, or null when there is none (UnknownOperationException). */
    public static Operation resolve(String method, String rawPath) {
        if (rawPath.startsWith(TAGS_PREFIX)) {
            if (rawPath.length() == TAGS_PREFIX.length() || rawPath.indexOf('/', TAGS_PREFIX.length()) >= 0) {
                return null;
            }
            return switch (method) {
                case "GET" -> ListTagsForResource;
                case "POST" -> TagResource;
                case "DELETE" -> UntagResource;
                default -> null;
            };
        }
        Operation op = BY_PATH.get(rawPath);
        return op != null && "POST".equals(method) ? op : null;
    }

    /** Looks up an operation by its wire name (configuration), or null. */
    public static Operation byName(String name) {
        Operation op = BY_PATH.get("/" + name);
        if (op != null) {
            return op;
        }
        for (Operation tagOp : new Operation[] {ListTagsForResource, TagResource, UntagResource}) {
            if (tagOp.name().equals(name)) {
                return tagOp;
            }
        }
        return null;
    }
}
