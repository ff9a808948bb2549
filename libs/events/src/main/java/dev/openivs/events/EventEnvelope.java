package dev.openivs.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The envelope of every internal state-change event. {@code type} is past tense and versioned
 * (e.g. {@code ChannelCreated.v1}); {@code data} is the type's schema (asyncapi.yaml). Never carries secrets.
 */
public record EventEnvelope(String id, String type, String aggregateType, String aggregateId, String account,
        String region, Instant time, JsonNode data) {
}
