package dev.openivs.streamkey.repository;

import dev.openivs.aws.support.KeysetPosition;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Queries on stream keys. The key CreateChannel asks for is written with prepared statements on a reactive-pool
 * connection (the methods taking a {@link SqlConnection}); everything else goes through Hibernate.
 */
@ApplicationScoped
public class StreamKeyRepository implements PanacheRepositoryBase<StreamKeyEntity, String> {
    private static final String LOCK = "SELECT pg_advisory_xact_lock(hashtext($1))";
    private static final String OF_CHANNEL = "SELECT id, account, arn, channel_arn, value, created_at FROM stream_key "
            + "WHERE channel_arn = $1 ORDER BY created_at, id";
    private static final String INSERT = "INSERT INTO stream_key (id, account, arn, channel_arn, value, created_at) "
            + "VALUES ($1, $2, $3, $4, $5, $6)";

    public Uni<StreamKeyEntity> findOwned(String account, String id) {
        return find("id = ?1 and account = ?2", id, account).firstResult();
    }

    public Uni<List<StreamKeyEntity>> findOwned(String account, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("id in ?1 and account = ?2", ids, account);
    }

    public Uni<StreamKeyEntity> findByValue(String value) {
        return find("value", value).firstResult();
    }

    public Uni<List<StreamKeyEntity>> ofChannel(String channelArn) {
        return list("channelArn = ?1 order by createdAt, id", channelArn);
    }

    /** One page (plus one row to tell whether more follow) of a channel's keys in (creation time, id) order. */
    public Uni<List<StreamKeyEntity>> page(String channelArn, KeysetPosition after, int limit) {
        StringBuilder q = new StringBuilder("channelArn = :channel");
        Parameters p = Parameters.with("channel", channelArn);
        if (after != null) {
            q.append(" and (createdAt > :time or (createdAt = :time and id > :id))");
            p.and("time", after.time()).and("id", after.id());
        }
        return find(q.append(" order by createdAt, id").toString(), p).range(0, limit - 1).list();
    }

    /** Serializes key creation per channel in the current transaction (one key per channel under concurrency). */
    public Uni<Void> lockChannel(String channelArn) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", lockKey(channelArn)).getSingleResult()).replaceWithVoid();
    }

    /** {@link #lockChannel(String)} in the connection's transaction (the same lock). */
    public Uni<Void> lockChannel(SqlConnection conn, String channelArn) {
        return conn.preparedQuery(LOCK).execute(Tuple.of(lockKey(channelArn))).replaceWithVoid();
    }

    /** {@link #ofChannel(String)} on the connection. */
    public Uni<List<StreamKeyEntity>> ofChannel(SqlConnection conn, String channelArn) {
        return conn.preparedQuery(OF_CHANNEL).execute(Tuple.of(channelArn)).map(rows -> {
            List<StreamKeyEntity> found = new ArrayList<>(rows.size());
            for (Row r : rows) {
                found.add(toEntity(r));
            }
            return found;
        });
    }

    /** Inserts the key on the connection. */
    public Uni<Void> insert(SqlConnection conn, StreamKeyEntity e) {
        return conn.preparedQuery(INSERT).execute(Tuple.of(e.id, e.account, e.arn, e.channelArn, e.value,
                OffsetDateTime.ofInstant(e.createdAt, ZoneOffset.UTC))).replaceWithVoid();
    }

    private static String lockKey(String channelArn) {
        return "stream-keys:" + channelArn;
    }

    private static StreamKeyEntity toEntity(Row r) {
        StreamKeyEntity e = new StreamKeyEntity();
        e.id = r.getString("id");
        e.account = r.getString("account");
        e.arn = r.getString("arn");
        e.channelArn = r.getString("channel_arn");
        e.value = r.getString("value");
        e.createdAt = r.getOffsetDateTime("created_at").toInstant();
        return e;
    }
}
