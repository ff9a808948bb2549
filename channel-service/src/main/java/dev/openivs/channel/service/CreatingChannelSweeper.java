package dev.openivs.channel.service;

import dev.openivs.channel.config.ChannelConfig;
import dev.openivs.channel.repository.ChannelEntity;
import dev.openivs.channel.repository.ChannelRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Finishes the compensation of CreateChannel sagas that died mid-way (process crash): channels CREATING for longer
 * than {@code ivs.channel.creating-timeout} are undone, key and tags included.
 */
@ApplicationScoped
public class CreatingChannelSweeper {
    private static final Logger LOG = Logger.getLogger(CreatingChannelSweeper.class);
    private static final int BATCH = 50;

    private final ChannelRepository channels;
    private final ChannelCompensation compensation;
    private final ChannelConfig config;

    public CreatingChannelSweeper(ChannelRepository channels, ChannelCompensation compensation, ChannelConfig config) {
        this.channels = channels;
        this.compensation = compensation;
        this.config = config;
    }

    @Scheduled(every = "${ivs.channel.sweep-interval:15s}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return sweep().onFailure().recoverWithItem(e -> {
            LOG.debugf("Sweep of CREATING channels failed (will retry): %s", e.toString());
            return 0;
        }).replaceWithVoid();
    }

    /** One pass; returns how many abandoned channels were undone. */
    public Uni<Integer> sweep() {
        Instant cutoff = Instant.now().minus(config.creatingTimeout());
        return Panache.withSession(() -> channels.staleCreating(cutoff, BATCH)).chain(this::undoAll);
    }

    private Uni<Integer> undoAll(List<ChannelEntity> stale) {
        return Multi.createFrom().iterable(stale)
                .onItem().transformToUniAndConcatenate(e -> compensation.undoCreate(e.account, e.id, e.arn))
                .collect().asList()
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count())
                .invoke(n -> {
                    if (n > 0) {
                        LOG.infof("Undid %d channel(s) whose creation never completed", n);
                    }
                });
    }
}
