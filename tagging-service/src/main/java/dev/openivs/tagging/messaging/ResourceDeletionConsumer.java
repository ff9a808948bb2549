package dev.openivs.tagging.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import dev.openivs.events.EventEnvelope;
import dev.openivs.events.EventTypes;
import dev.openivs.events.consumer.ProcessedEvents;
import dev.openivs.tagging.service.TagService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Backstop for "tags go away with their resource": consumes the owners' domain topics (ivs.channel, ivs.streamkey,
 * ivs.playback-auth, ivs.recording) and removes the tags of every resource announced by a {@code *Deleted.v1}
 * event. Idempotent (one processed_event row per event id, in the same transaction); acknowledged after commit;
 * poison messages go to ivs.dlq.
 */
@ApplicationScoped
public class ResourceDeletionConsumer {
    static final String CONSUMER = "tagging-service.resource-deletions";
    private final ProcessedEvents processed;
    private final TagService service;

    public ResourceDeletionConsumer(ProcessedEvents processed, TagService service) {
        this.processed = processed;
        this.service = service;
    }

    @Incoming("resource-deletions")
    public Uni<Void> onEvent(ConsumerRecord<String, String> record) {
        return processed.handleOnce(CONSUMER, record, ResourceDeletionConsumer::isDeletion, this::react);
    }

    private Uni<Void> react(EventEnvelope event) {
        String arn = deletedArn(event);
        if (arn == null) {
            return Uni.createFrom().failure(new IllegalArgumentException(
                    "Deletion event " + event.id() + " names no resource ARN"));
        }
        return service.resourceDeleted(arn, event.account());
    }

    static boolean isDeletion(String type) {
        return type.endsWith(EventTypes.DELETED_SUFFIX);
    }

    /** The deleted resource: {@code data.arn}, else the aggregate id when it is an ARN. */
    private static String deletedArn(EventEnvelope event) {
        JsonNode data = event.data();
        if (data != null && data.hasNonNull("arn") && data.get("arn").asText().startsWith("arn:aws:ivs:")) {
            return data.get("arn").asText();
        }
        String id = event.aggregateId();
        return id != null && id.startsWith("arn:aws:ivs:") ? id : null;
    }
}
