package dev.openivs.channel;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.lenient;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.internal.playbackauth.PlaybackAuthClient;
import dev.openivs.internal.recording.RecordingClient;
import dev.openivs.internal.stream.StreamClient;
import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * In-memory stand-ins for the neighbours channel-service calls (their services are tested on their own; the e2e
 * tests use the real ones): stream keys and tags are remembered, configurations exist when registered.
 */
public final class FakeNeighbours {
    public final Map<String, StreamKey> keysByChannel = new ConcurrentHashMap<>();
    public final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();
    public final Set<String> recordingConfigurations = ConcurrentHashMap.newKeySet();
    public final Set<String> policies = ConcurrentHashMap.newKeySet();
    public final Set<String> liveChannels = ConcurrentHashMap.newKeySet();

    public void install(StreamKeyClient streamKeys, TaggingClient tagging, RecordingClient recording,
            PlaybackAuthClient playbackAuth, StreamClient streams) {
        lenient().when(streamKeys.create(anyString(), any())).thenAnswer(inv -> {
            StreamKeyClient.NewStreamKey req = inv.getArgument(1);
            StreamKey key = keysByChannel.computeIfAbsent(req.channelArn(), arn -> new StreamKey(
                    arn.replace(":channel/", ":stream-key/").replaceAll("/.*$", "/") + "k" + arn.hashCode(),
                    "sk_us-west-2_" + "x".repeat(12) + "_" + "y".repeat(30), arn, Map.of()));
            return Uni.createFrom().item(key);
        });
        lenient().when(streamKeys.deleteAll(anyString(), anyString())).thenAnswer(inv -> {
            keysByChannel.remove(inv.<String>getArgument(1));
            return Uni.createFrom().voidItem();
        });
        lenient().when(tagging.query(anyString(), any())).thenAnswer(inv -> {
            TaggingClient.TagsQuery q = inv.getArgument(1);
            Map<String, Map<String, String>> result = new HashMap<>();
            for (String arn : q.resourceArns()) {
                result.put(arn, tags.getOrDefault(arn, Map.of()));
            }
            return Uni.createFrom().item(new TaggingClient.TagsQueryResult(result));
        });
        lenient().when(tagging.set(anyString(), any())).thenAnswer(inv -> {
            TaggingClient.TagsSet s = inv.getArgument(1);
            tags.merge(s.resourceArn(), s.tags(), (a, b) -> {
                Map<String, String> m = new HashMap<>(a);
                m.putAll(b);
                return m;
            });
            return Uni.createFrom().voidItem();
        });
        lenient().when(tagging.delete(anyString(), anyString())).thenAnswer(inv -> {
            tags.remove(inv.<String>getArgument(1));
            return Uni.createFrom().voidItem();
        });
        lenient().when(recording.get(anyString())).thenAnswer(inv -> exists(recordingConfigurations, inv.getArgument(0)));
        lenient().when(playbackAuth.get(anyString())).thenAnswer(inv -> exists(policies, inv.getArgument(0)));
        lenient().when(streams.live(anyString())).thenAnswer(
                inv -> Uni.createFrom().item(new StreamClient.Live(liveChannels.contains(inv.<String>getArgument(0)))));
    }

    private static Uni<Object> exists(Set<String> arns, String arn) {
        return arns.contains(arn) ? Uni.createFrom().item(JsonNodeFactory.instance.objectNode().put("arn", arn))
                : Uni.createFrom().failure(new ResourceNotFoundException());
    }
}
