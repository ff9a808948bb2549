package dev.openivs.events.consumer;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.openivs.events.EventEnvelope;
import dev.openivs.events.context.SafeContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

/**
 * Idempotent consumers (Eventuate's pattern): a (consumer, event id) row is inserted in the same transaction as the
 * reaction; a clash means the event was already applied and the reaction is skipped. The incoming message is
 * acknowledged only after the returned Uni completes, i.e. after commit.
 */
@ApplicationScoped
public class ProcessedEvents {
    private final ObjectMapper mapper;
    private final Vertx vertx;

    public ProcessedEvents(ObjectMapper mapper, Vertx vertx) {
        this.mapper = mapper;
        this.vertx = vertx;
    }

    /**
     * Like {@link #handleOnce(String, String, Function)} for a Kafka record, but a record whose {@code type} header
     * names an event the consumer does not react to is acknowledged at once, without a transaction or a dedupe row
     * (the relay writes that header on every event). Records without the header are parsed and handled as usual.
     */
    public Uni<Void> handleOnce(String consumer, ConsumerRecord<String, String> record, Predicate<String> reactsTo,
            Function<EventEnvelope, Uni<Void>> reaction) {
        Header type = record.headers().lastHeader("type");
        if (type != null && !reactsTo.test(new String(type.value(), StandardCharsets.UTF_8))) {
            return Uni.createFrom().voidItem();
        }
        // the envelope's type is checked again: a record without the header (handleOnce refuses a missing type)
        return handleOnce(consumer, record.value(), event -> reactsTo.test(event.type())
                ? reaction.apply(event) : Uni.createFrom().voidItem());
    }

    /** Applies {@code reaction} once per (consumer, event id), in one transaction with the dedupe row. */
    public Uni<Void> handleOnce(String consumer, String json, Function<EventEnvelope, Uni<Void>> reaction) {
        EventEnvelope event;
        try {
            event = mapper.readValue(json, EventEnvelope.class);
        } catch (Exception e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Not an event envelope: " + e.getMessage()));
        }
        if (event.id() == null || event.id().isBlank() || event.type() == null) {
            // poison message: no id to dedupe on; the dead-letter strategy records it with this reason
            return Uni.createFrom().failure(new IllegalArgumentException("Event envelope without id or type"));
        }
        // A fresh duplicated context of its own: the session can never be shared with a request (or another
        // message) whose context the delivery happened to run on; sharing one stalled or broke both under load.
        return SafeContext.on(vertx, () -> Panache.withTransaction(() -> firstDelivery(consumer, event.id())
                .chain(first -> first ? reaction.apply(event) : Uni.createFrom().voidItem())));
    }

    /** Inserts the dedupe row in the current transaction; true when this is the first delivery. */
    public Uni<Boolean> firstDelivery(String consumer, String eventId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO processed_event (consumer, event_id) VALUES (:consumer, :id) ON CONFLICT DO NOTHING")
                .setParameter("consumer", consumer)
                .setParameter("id", eventId)
                .executeUpdate())
                .map(n -> n == 1);
    }
}
