package dev.openivs.streamkey.repository;

import dev.openivs.aws.support.KeysetPosition;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;

/** Queries on stream keys. */
@ApplicationScoped
public class StreamKeyRepository implements PanacheRepositoryBase<StreamKeyEntity, String> {

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
                .setParameter("key", "stream-keys:" + channelArn).getSingleResult()).replaceWithVoid();
    }
}
