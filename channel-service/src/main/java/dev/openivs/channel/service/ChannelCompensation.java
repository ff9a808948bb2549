package dev.openivs.channel.service;

import dev.openivs.channel.repository.ChannelRepository;
import dev.openivs.internal.streamkey.StreamKeyClient;
import dev.openivs.internal.tagging.ResourceTags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Undoes a CreateChannel that did not complete: removes the stream key and tags made for it, then the CREATING row.
 * Never fails; when a step cannot be done now the row stays CREATING and {@link CreatingChannelSweeper} retries.
 */
@ApplicationScoped
public class ChannelCompensation {
    private static final Logger LOG = Logger.getLogger(ChannelCompensation.class);

    private final ChannelRepository channels;
    private final StreamKeyClient streamKeys;
    private final ResourceTags tags;

    public ChannelCompensation(ChannelRepository channels, @RestClient StreamKeyClient streamKeys, ResourceTags tags) {
        this.channels = channels;
        this.streamKeys = streamKeys;
        this.tags = tags;
    }

    /** True when everything was undone (or nothing was left to undo). */
    public Uni<Boolean> undoCreate(String account, String id, String arn) {
        return streamKeys.deleteAll(account, arn)
                .chain(() -> tags.delete(account, arn))
                .chain(() -> Panache.withTransaction(() -> channels.deleteCreating(id)))
                .replaceWith(true)
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("Could not undo the creation of %s yet (the sweeper retries): %s", arn, e.toString());
                    return false;
                });
    }
}
