package dev.openivs.stream.media;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.internal.channel.InternalChannel;
import java.time.Instant;

/** What a media sink knows about the stream it receives: ids and the channel as it was at session start. */
public record StreamDescriptor(String streamId, String channelArn, String account, String channelName,
        String latencyMode, String channelType, boolean authorized, String recordingConfigurationArn,
        Instant startTime, JsonNode channel) {

    /** The descriptor of a session, from the channel as channel-service answered at its start. */
    public static StreamDescriptor of(String streamId, String channelArn, String account, String channelName,
            Instant startTime, JsonNode channel) {
        InternalChannel typed = InternalChannel.of(channel);
        return new StreamDescriptor(streamId, channelArn, account, channelName,
                typed.latencyMode() == null ? "LOW" : typed.latencyMode(),
                typed.type() == null ? "STANDARD" : typed.type(), Boolean.TRUE.equals(typed.authorized()),
                typed.recordingConfigurationArn() == null ? "" : typed.recordingConfigurationArn(), startTime,
                channel);
    }
}
