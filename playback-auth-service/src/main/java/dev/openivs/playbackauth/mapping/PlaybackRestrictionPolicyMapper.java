package dev.openivs.playbackauth.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.playbackauth.model.PlaybackRestrictionPolicy;
import dev.openivs.playbackauth.repository.PlaybackRestrictionPolicyEntity;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** Entity to wire shape; the two lists are stored as JSON arrays. */
@ApplicationScoped
public class PlaybackRestrictionPolicyMapper {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() { };
    private final ObjectMapper mapper;

    public PlaybackRestrictionPolicyMapper(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public PlaybackRestrictionPolicy toWire(PlaybackRestrictionPolicyEntity e, Map<String, String> tags) {
        return new PlaybackRestrictionPolicy(e.arn, list(e.allowedCountries), list(e.allowedOrigins),
                e.strictOriginEnforcement, e.name, tags);
    }

    /** A list as its column value. */
    public String column(List<String> values) {
        try {
            return mapper.writeValueAsString(values);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private List<String> list(String json) {
        try {
            return mapper.readValue(json, STRINGS);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException(ex);
        }
    }
}
