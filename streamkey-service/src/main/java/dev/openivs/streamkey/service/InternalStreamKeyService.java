package dev.openivs.streamkey.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.errors.AccessDeniedException;
import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.errors.ValidationException;
import dev.openivs.aws.rest.RequestContext;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.internal.ResourceRef;
import dev.openivs.internal.streamkey.StreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient.NewStreamKey;
import dev.openivs.internal.streamkey.StreamKeyClient.StreamKeyLookup;
import dev.openivs.internal.tagging.ResourceTags;
import dev.openivs.streamkey.mapping.StreamKeyMapper;
import dev.openivs.streamkey.repository.StreamKeyEntity;
import dev.openivs.streamkey.repository.StreamKeyRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/** What other services ask streamkey-service: a channel's key at creation, removal, lookup by value, existence. */
@ApplicationScoped
public class InternalStreamKeyService {
    private final StreamKeyRepository keys;
    private final StreamKeyStore store;
    private final ResourceTags tags;
    private final Outbox outbox;
    private final RequestContext ctx;
    private final String region;

    public InternalStreamKeyService(StreamKeyRepository keys, StreamKeyStore store, ResourceTags tags, Outbox outbox,
            RequestContext ctx, IvsConfig ivs) {
        this.keys = keys;
        this.store = store;
        this.tags = tags;
        this.outbox = outbox;
        this.ctx = ctx;
        this.region = ivs.region();
    }

    /** The channel's key, created when it has none: idempotent per channel, so CreateChannel can retry. */
    public Uni<StreamKey> keyOf(NewStreamKey request) {
        Arn channel = channelArn(request == null ? null : request.channelArn());
        Map<String, String> givenTags = request.tags() == null ? Map.of() : request.tags();
        // the hot path of CreateChannel: prepared statements in one pool transaction, no Hibernate session
        return outbox.transactionalSql(conn -> keys.lockChannel(conn, channel.toString())
                        .chain(() -> keys.ofChannel(conn, channel.toString()))
                        .chain(existing -> existing.isEmpty()
                                ? store.insert(conn, store.newKey(channel)).map(e -> new Created(e, true))
                                : Uni.createFrom().item(new Created(existing.get(0), false))))
                .call(c -> c.isNew ? tags.set(c.key.account, c.key.arn, givenTags) : Uni.createFrom().voidItem())
                .map(c -> StreamKeyMapper.toStreamKey(c.key, c.isNew ? givenTags : Map.of()));
    }

    /** Removes every key of the channel (idempotent), tags best effort (tagging-service also acts on the events). */
    public Uni<Void> deleteAllOfChannel(String channelArn) {
        Arn channel = channelArn(channelArn);
        return outbox.transactional(() -> store.deleteAllOfChannel(channel.toString()))
                .chain(deleted -> deleteTags(deleted));
    }

    public Uni<StreamKeyLookup> lookup(String value) {
        if (value == null || value.isEmpty()) {
            throw new ValidationException("1 validation error detected: Value at 'value' failed to satisfy "
                    + "constraint: Member must not be null");
        }
        return Panache.withSession(() -> keys.findByValue(value))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .map(StreamKeyMapper::toOwner);
    }

    /** The key exists in the caller's account (any other ARN, or a malformed one, is not found). */
    public Uni<ResourceRef> exists(String value) {
        String account = ctx.requireAccountId();
        Arn arn = Arn.parse(value).filter(a -> a.type() == ResourceType.STREAM_KEY && a.ownedBy(region, account))
                .orElseThrow(ResourceNotFoundException::new);
        return Panache.withSession(() -> keys.findOwned(account, arn.id()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new)
                .map(e -> new ResourceRef(e.arn));
    }

    private Uni<Void> deleteTags(List<StreamKeyEntity> deleted) {
        return Multi.createFrom().iterable(deleted)
                .onItem().transformToUniAndConcatenate(e -> tags.deleteQuietly(e.account, e.arn))
                .collect().last().replaceWithVoid();
    }

    /** A channel ARN of this region; with an account header it must be that account's. */
    private Arn channelArn(String value) {
        Arn channel = Arn.parse(value == null ? "" : value).filter(a -> a.type() == ResourceType.CHANNEL)
                .orElseThrow(() -> new ValidationException("channelArn must be a valid channel ARN."));
        if (!channel.region().equals(region)) {
            throw new ResourceNotFoundException();
        }
        if (ctx.accountId() != null && !ctx.accountId().equals(channel.account())) {
            throw new AccessDeniedException();
        }
        return channel;
    }

    private record Created(StreamKeyEntity key, boolean isNew) {
    }
}
