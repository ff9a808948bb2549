package dev.openivs.streamkey.service;

import dev.openivs.aws.IvsConfig;
import dev.openivs.aws.support.Arn;
import dev.openivs.aws.support.Ids;
import dev.openivs.aws.support.ResourceType;
import dev.openivs.events.EventTypes;
import dev.openivs.events.Topics;
import dev.openivs.events.outbox.Outbox;
import dev.openivs.streamkey.mapping.StreamKeyMapper;
import dev.openivs.streamkey.repository.StreamKeyEntity;
import dev.openivs.streamkey.repository.StreamKeyRepository;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Changes to stream keys together with their internal events; callers provide the transaction. Values come from a
 * cryptographically secure generator: {@code sk_{region}_{12 alnum}_{30 alnum}}.
 */
@ApplicationScoped
public class StreamKeyStore {
    static final String STREAM_KEY_CREATED = EventTypes.STREAM_KEY_CREATED;
    static final String STREAM_KEY_DELETED = EventTypes.STREAM_KEY_DELETED;

    private final StreamKeyRepository keys;
    private final Outbox outbox;
    private final String region;

    public StreamKeyStore(StreamKeyRepository keys, Outbox outbox, IvsConfig ivs) {
        this.keys = keys;
        this.outbox = outbox;
        this.region = ivs.region();
    }

    /** A new key for the channel (not yet stored): its ARN is known before it exists, e.g. to tag it first. */
    public StreamKeyEntity newKey(Arn channel) {
        StreamKeyEntity e = new StreamKeyEntity();
        e.id = Ids.resourceId();
        e.account = channel.account();
        e.arn = Arn.of(region, channel.account(), ResourceType.STREAM_KEY, e.id).toString();
        e.channelArn = channel.toString();
        e.value = "sk_" + region + "_" + Ids.alnum(12) + "_" + Ids.alnum(30);
        e.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);
        return e;
    }

    /** Stores the key and writes StreamKeyCreated.v1. */
    public Uni<StreamKeyEntity> insert(StreamKeyEntity e) {
        return keys.persist(e).call(() -> event(STREAM_KEY_CREATED, e));
    }

    /** {@link #insert(StreamKeyEntity)} in the connection's transaction (prepared statements, no session). */
    public Uni<StreamKeyEntity> insert(SqlConnection conn, StreamKeyEntity e) {
        return keys.insert(conn, e).call(() -> outbox.internal(conn, Topics.STREAM_KEY, e.channelArn, "stream-key",
                e.arn, STREAM_KEY_CREATED, e.account, StreamKeyMapper.toEventData(e))).replaceWith(e);
    }

    /** Deletes the key and writes StreamKeyDeleted.v1. */
    public Uni<StreamKeyEntity> delete(StreamKeyEntity e) {
        return keys.delete("id", e.id).call(() -> event(STREAM_KEY_DELETED, e)).replaceWith(e);
    }

    /** Deletes every key of the channel, one event each; returns the deleted keys. */
    public Uni<List<StreamKeyEntity>> deleteAllOfChannel(String channelArn) {
        return keys.ofChannel(channelArn).chain(found -> Multi.createFrom().iterable(found)
                .onItem().transformToUniAndConcatenate(this::delete).collect().asList());
    }

    private Uni<Void> event(String type, StreamKeyEntity e) {
        return outbox.internal(Topics.STREAM_KEY, e.channelArn, "stream-key", e.arn, type, e.account,
                StreamKeyMapper.toEventData(e));
    }
}
