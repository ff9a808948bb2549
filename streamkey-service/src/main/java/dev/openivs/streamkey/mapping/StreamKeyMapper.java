package dev.openivs.streamkey.mapping;

import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient.StreamKeyLookup;
import dev.openivs.streamkey.model.StreamKeyEventData;
import dev.openivs.streamkey.model.StreamKeySummary;
import dev.openivs.streamkey.repository.StreamKeyEntity;
import java.util.Map;

/** Entity to wire shapes; only {@link #toStreamKey} carries the value. */
public final class StreamKeyMapper {
    private StreamKeyMapper() {
    }

    public static StreamKey toStreamKey(StreamKeyEntity e, Map<String, String> tags) {
        return new StreamKey(e.arn, e.value, e.channelArn, tags);
    }

    public static StreamKeySummary toSummary(StreamKeyEntity e, Map<String, String> tags) {
        return new StreamKeySummary(e.arn, e.channelArn, tags);
    }

    public static StreamKeyEventData toEventData(StreamKeyEntity e) {
        return new StreamKeyEventData(e.arn, e.channelArn);
    }

    public static StreamKeyLookup toOwner(StreamKeyEntity e) {
        return new StreamKeyLookup(e.arn, e.channelArn, e.account);
    }
}
