package dev.openivs.channel.repository;

import dev.openivs.aws.support.KeysetPosition;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Queries on channels. Only ACTIVE channels are visible to reads; CREATING ones count towards the quota. */
@ApplicationScoped
public class ChannelRepository implements PanacheRepositoryBase<ChannelEntity, String> {

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

    /** Serializes channel creation per account in the current transaction, so the quota holds under concurrency. */
    public Uni<Void> lockAccount(String account) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", "channel-quota:" + account).getSingleResult()).replaceWithVoid();
    }

    /** Channels of the account in any state (quota). */
    public Uni<Long> countAll(String account) {
        return count("account", account);
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
