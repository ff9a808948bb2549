package dev.openivs.stream.media;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** What a media sink knows about the stream it receives: ids and the channel as it was at session start. */
public record StreamDescriptor(String streamId, String channelArn, String account, String channelName,
        String latencyMode, String channelType, boolean authorized, String recordingConfigurationArn,
        Instant startTime, JsonNode channel) {
}
