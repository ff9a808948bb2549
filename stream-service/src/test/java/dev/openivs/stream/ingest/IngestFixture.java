package dev.openivs.stream.ingest;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Ids;
import dev.openivs.internal.channel.ChannelClient;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.TaggingClient;
import io.smallrye.mutiny.Uni;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fake channel-service, streamkey-service and tagging-service answers (the mocked REST clients). */
public final class IngestFixture {
    public static final String ACCOUNT = "123456789012";
    /** Every fixture channel's {@code srt.passphrase} (64 alphanumerics, as channel-service makes them). */
    public static final String SRT_PASSPHRASE = "Vq3ZcR8xLw2NbT5yKp7HdF4sMj6GaE9uQt1XoB0nCe3WiY8rUz5PlK2vDg7hSf4m";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final Map<String, StreamKeyClient.StreamKeyLookup> keys = new ConcurrentHashMap<>();
    private final Map<String, JsonNode> channels = new ConcurrentHashMap<>();
    private final Map<String, Map<String, String>> tags = new ConcurrentHashMap<>();

    public IngestFixture(StreamKeyClient keyClient, ChannelClient channelClient, TaggingClient taggingClient) {
        when(keyClient.lookup(any())).thenAnswer(inv -> {
            StreamKeyClient.LookupRequest r = inv.getArgument(0);
            StreamKeyClient.StreamKeyLookup found = keys.get(r.value());
            return found == null ? Uni.createFrom().failure(new ResourceNotFoundException())
                    : Uni.createFrom().item(found);
        });
        when(channelClient.get(anyString(), eq(ACCOUNT))).thenAnswer(inv -> {
            JsonNode c = channels.get(inv.<String>getArgument(0));
            return c == null ? Uni.createFrom().failure(new ResourceNotFoundException())
                    : Uni.createFrom().item(c);
        });
        when(taggingClient.query(eq(ACCOUNT), any())).thenAnswer(inv -> {
            Map<String, Map<String, String>> result = new HashMap<>();
            for (String arn : inv.<TaggingClient.TagsQuery>getArgument(1).resourceArns()) {
                result.put(arn, tags.getOrDefault(arn, Map.of()));
            }
            return Uni.createFrom().item(new TaggingClient.TagsQueryResult(result));
        });
    }

    /** A channel and its stream key; returns {channelArn, keyValue}. */
    public String[] channel(String type, boolean insecureIngest) {
        String id = Ids.resourceId();
        String arn = "arn:aws:ivs:us-west-2:" + ACCOUNT + ":channel/" + id;
        ObjectNode c = MAPPER.createObjectNode();
        c.put("arn", arn);
        c.put("name", "test-" + id);
        c.put("latencyMode", "LOW");
        c.put("type", type);
        c.put("recordingConfigurationArn", "");
        c.put("ingestEndpoint", "127.0.0.1");
        c.put("playbackUrl", "http://127.0.0.1:8090/api/video/v1/us-west-2." + ACCOUNT + ".channel." + id + ".m3u8");
        c.put("authorized", false);
        c.put("insecureIngest", insecureIngest);
        c.put("preset", "");
        c.put("playbackRestrictionPolicyArn", "");
        c.putObject("srt").put("endpoint", "127.0.0.1").put("passphrase", SRT_PASSPHRASE);
        channels.put(arn, c);
        String key = "sk_us-west-2_" + Ids.alnum(12) + "_" + Ids.alnum(30);
        keys.put(key, new StreamKeyClient.StreamKeyLookup(
                "arn:aws:ivs:us-west-2:" + ACCOUNT + ":stream-key/" + Ids.resourceId(), arn, ACCOUNT));
        return new String[] {arn, key};
    }

    /** Makes the channel private ({@code authorized: true}). */
    public void authorize(String channelArn) {
        ((ObjectNode) channels.get(channelArn)).put("authorized", true);
    }

    /** Attaches a playback restriction policy to the channel. */
    public void restrict(String channelArn, String policyArn) {
        ((ObjectNode) channels.get(channelArn)).put("playbackRestrictionPolicyArn", policyArn);
    }

    /** Sets the channel's {@code latencyMode} (LOW, the AWS default, or NORMAL). */
    public void latencyMode(String channelArn, String mode) {
        ((ObjectNode) channels.get(channelArn)).put("latencyMode", mode);
    }

    /** Sets the channel's {@code containerFormat} (TS, the AWS default, or FRAGMENTED_MP4). */
    public void containerFormat(String channelArn, String format) {
        ((ObjectNode) channels.get(channelArn)).put("containerFormat", format);
    }

    /** Sets the channel's {@code multitrackInputConfiguration}. */
    public void multitrack(String channelArn, boolean enabled, String policy, String maximumResolution) {
        ((ObjectNode) channels.get(channelArn)).putObject("multitrackInputConfiguration").put("enabled", enabled)
                .put("policy", policy).put("maximumResolution", maximumResolution);
    }

    /** Sets the channel's {@code adConfigurationArn} (InsertAdBreak needs one). */
    public void adConfiguration(String channelArn, String adConfigurationArn) {
        ((ObjectNode) channels.get(channelArn)).put("adConfigurationArn", adConfigurationArn);
    }

    /** Sets the channel's {@code recordingConfigurationArn}. */
    public void recordWith(String channelArn, String recordingConfigurationArn) {
        ((ObjectNode) channels.get(channelArn)).put("recordingConfigurationArn", recordingConfigurationArn);
    }

    /** Sets the tags tagging-service holds for the channel. */
    public void tag(String channelArn, Map<String, String> channelTags) {
        tags.put(channelArn, Map.copyOf(channelTags));
    }

    public void deleteKey(String key) {
        keys.remove(key);
    }
}
