package dev.openivs.streamkey.messaging;

import dev.openivs.events.EventTypes;
import dev.openivs.events.consumer.ProcessedEvents;
import dev.openivs.streamkey.service.StreamKeyStore;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Backstop for DeleteChannel (which removes the keys synchronously): on ChannelDeleted.v1 any key still attached to
 * the channel, e.g. one created concurrently with the deletion, is removed. Applied once per event, acked after
 * commit; other channel events are acknowledged without a transaction.
 */
@ApplicationScoped
public class ChannelEventsConsumer {
    static final String CONSUMER = "streamkey-service.channel-events";
    static final String CHANNEL_DELETED = EventTypes.CHANNEL_DELETED;

    private final ProcessedEvents processed;
    private final StreamKeyStore store;

    public ChannelEventsConsumer(ProcessedEvents processed, StreamKeyStore store) {
        this.processed = processed;
        this.store = store;
    }

    @Incoming("channel-events")
    public Uni<Void> onChannelEvent(ConsumerRecord<String, String> record) {
        return processed.handleOnce(CONSUMER, record, CHANNEL_DELETED::equals,
                event -> store.deleteAllOfChannel(event.aggregateId()).replaceWithVoid());
    }
}
