package dev.openivs.channel.repository;

import dev.openivs.aws.support.KeysetPosition;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/** Queries on channels. Only ACTIVE channels are visible to reads; CREATING ones count towards the quota. */
@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<ChannelEntity, String> {
    private static final String READ_ACTIVE = "SELECT id, account, arn, name, latency_mode, type, authorized, "
            + "insecure_ingest, preset, recording_configuration_arn, playback_restriction_policy_arn, "
            + "ad_configuration_arn, container_format, multitrack_enabled, multitrack_policy, "
            + "multitrack_maximum_resolution, srt_passphrase, state, created_at, updated_at FROM channel "
            + "WHERE id = $1 AND account = $2 AND state = 'ACTIVE'";

    private static final String LOCKED_COUNT = "WITH c AS (INSERT INTO channel_count (account, channels) VALUES ($1, 0) "
            + "ON CONFLICT (account) DO UPDATE SET channels = channel_count.channels RETURNING channels) "
            + "SELECT channels FROM c";
    private static final String INSERT = "INSERT INTO channel (id, account, arn, name, latency_mode, type, authorized, "
            + "insecure_ingest, preset, recording_configuration_arn, playback_restriction_policy_arn, "
            + "ad_configuration_arn, container_format, multitrack_enabled, multitrack_policy, "
            + "multitrack_maximum_resolution, srt_passphrase, state, created_at, updated_at) VALUES ($1, $2, $3, $4, "
            + "$5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20)";
    private static final String ACTIVATE = "UPDATE channel SET state = 'ACTIVE', updated_at = $1 WHERE id = $2 "
            + "AND state = 'CREATING'";

    private final Pool pool;

    public ChannelRepository(Pool pool) {
        this.pool = pool;
    }

    /** Which column a ListChannels filter applies to. */
    public enum Filter {
        NONE(null), NAME("name"), RECORDING_CONFIGURATION("recordingConfigurationArn"),
        PLAYBACK_RESTRICTION_POLICY("playbackRestrictionPolicyArn"), AD_CONFIGURATION("adConfigurationArn");

        private final String field;

        Filter(String field) {
            this.field = field;
        }
    }

    public Uni<ChannelEntity> findActive(String account, String id) {
        return find("id = ?1 and account = ?2 and state = ?3", id, account, ChannelEntity.ACTIVE).firstResult();
    }

    /**
     * An ACTIVE channel as committed, outside any Hibernate session (a detached, read-only entity): GetChannel's read,
     * one prepared statement on the reactive pool. Writes keep using {@link #findActive(String, String)}.
     */
    public Uni<ChannelEntity> readActive(String account, String id) {
        return pool.preparedQuery(READ_ACTIVE).execute(Tuple.of(id, account)).map(rows -> {
            RowIterator<Row> it = rows.iterator();
            return it.hasNext() ? toEntity(it.next()) : null;
        });
    }

    private static ChannelEntity toEntity(Row r) {
        ChannelEntity e = new ChannelEntity();
        e.id = r.getString("id");
        e.account = r.getString("account");
        e.arn = r.getString("arn");
        e.name = r.getString("name");
        e.latencyMode = r.getString("latency_mode");
        e.type = r.getString("type");
        e.authorized = r.getBoolean("authorized");
        e.insecureIngest = r.getBoolean("insecure_ingest");
        e.preset = r.getString("preset");
        e.recordingConfigurationArn = r.getString("recording_configuration_arn");
        e.playbackRestrictionPolicyArn = r.getString("playback_restriction_policy_arn");
        e.adConfigurationArn = r.getString("ad_configuration_arn");
        e.containerFormat = r.getString("container_format");
        e.multitrackEnabled = r.getBoolean("multitrack_enabled");
        e.multitrackPolicy = r.getString("multitrack_policy");
        e.multitrackMaximumResolution = r.getString("multitrack_maximum_resolution");
        e.srtPassphrase = r.getString("srt_passphrase");
        e.state = r.getString("state");
        e.createdAt = r.getOffsetDateTime("created_at").toInstant();
        e.updatedAt = r.getOffsetDateTime("updated_at").toInstant();
        return e;
    }

    public Uni<List<ChannelEntity>> findActive(String account, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return list("id in ?1 and account = ?2 and state = ?3", ids, account, ChannelEntity.ACTIVE);
    }

    /** One page (plus one row to tell whether more follow) in (creation time, id) order after {@code after}. */
    public Uni<List<ChannelEntity>> page(String account, Filter filter, String value, KeysetPosition after,
            int limit) {
        StringBuilder q = new StringBuilder("account = :account and state = :state");
        Parameters p = Parameters.with("account", account).and("state", ChannelEntity.ACTIVE);
        if (filter != Filter.NONE) {
            q.append(" and ").append(filter.field).append(" = :value");
            p.and("value", value);
        }
        if (after != null) {
            q.append(" and (createdAt > :time or (createdAt = :time and id > :id))");
            p.and("time", after.time()).and("id", after.id());
        }
        q.append(" order by createdAt, id");
        return find(q.toString(), p).range(0, limit).list();
    }

    /**
     * The account's channels in any state (CREATING ones count towards the quota), with the account's count row
     * locked until the transaction ends: concurrent creates in one account wait here, so the quota holds. The row
     * is kept by a trigger on every insert and delete of a channel (migration V2).
     */
    public Uni<Integer> lockedCount(String account) {
        return Panache.getSession().chain(s -> s.createNativeQuery("WITH c AS (INSERT INTO channel_count (account, "
                + "channels) VALUES (:account, 0) ON CONFLICT (account) DO UPDATE SET channels = "
                + "channel_count.channels RETURNING channels) SELECT channels FROM c", Integer.class)
                .setParameter("account", account).getSingleResult());
    }

    /** Runs the work in one transaction on the reactive pool (prepared statements, no Hibernate session). */
    public <T> Uni<T> inPoolTransaction(Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(work);
    }

    /** {@link #lockedCount(String)} in the connection's transaction (CreateChannel's hot path, no session). */
    public Uni<Integer> lockedCount(SqlConnection conn, String account) {
        return conn.preparedQuery(LOCKED_COUNT).execute(Tuple.of(account))
                .map(rows -> rows.iterator().next().getInteger(0));
    }

    /** Inserts a new channel on the connection (CreateChannel's hot path, no session). */
    public Uni<Void> insert(SqlConnection conn, ChannelEntity e) {
        return conn.preparedQuery(INSERT).execute(Tuple.from(new Object[] {e.id, e.account, e.arn, e.name,
            e.latencyMode, e.type, e.authorized, e.insecureIngest, e.preset, e.recordingConfigurationArn,
            e.playbackRestrictionPolicyArn, e.adConfigurationArn, e.containerFormat, e.multitrackEnabled,
            e.multitrackPolicy, e.multitrackMaximumResolution, e.srtPassphrase, e.state, utc(e.createdAt),
            utc(e.updatedAt)})).replaceWithVoid();
    }

    /** {@link #activate(String)} on the connection. */
    public Uni<Boolean> activate(SqlConnection conn, String id) {
        return conn.preparedQuery(ACTIVATE).execute(Tuple.of(utc(Instant.now()), id)).map(r -> r.rowCount() == 1);
    }

    private static OffsetDateTime utc(Instant t) {
        return OffsetDateTime.ofInstant(t, ZoneOffset.UTC);
    }

    /** Channels (any state: a CREATING one will hold the reference) referencing the given ARN. */
    public Uni<Long> countReferencing(String account, Filter filter, String arn) {
        return count("account = ?1 and " + filter.field + " = ?2", account, arn);
    }

    public Uni<Boolean> activate(String id) {
        return update("state = ?1, updatedAt = ?2 where id = ?3 and state = ?4", ChannelEntity.ACTIVE, Instant.now(),
                id, ChannelEntity.CREATING).map(n -> n == 1);
    }

    public Uni<Boolean> deleteCreating(String id) {
        return delete("id = ?1 and state = ?2", id, ChannelEntity.CREATING).map(n -> n == 1);
    }

    public Uni<Boolean> deleteActive(String account, String id) {
        return delete("id = ?1 and account = ?2 and state = ?3", id, account, ChannelEntity.ACTIVE).map(n -> n == 1);
    }

    /** CREATING rows older than the cut-off: sagas that died mid-way. */
    public Uni<List<ChannelEntity>> staleCreating(Instant before, int limit) {
        return find("state = ?1 and createdAt < ?2 order by createdAt", ChannelEntity.CREATING, before)
                .range(0, limit - 1).list();
    }
}
