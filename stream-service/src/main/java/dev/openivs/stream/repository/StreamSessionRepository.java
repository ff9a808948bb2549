package dev.openivs.stream.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Queries over stream sessions. */
@ApplicationScoped
public class StreamSessionRepository implements PanacheRepositoryBase<StreamSessionEntity, String> {

    public Uni<StreamSessionEntity> findLive(String channelArn) {
        return find("channelArn = ?1 and endTime is null", channelArn).firstResult();
    }

    public Uni<StreamSessionEntity> findLatest(String channelArn) {
        return find("channelArn = ?1 order by startTime desc, streamId desc", channelArn).firstResult();
    }

    public Uni<StreamSessionEntity> findByChannelAndId(String channelArn, String streamId) {
        return find("channelArn = ?1 and streamId = ?2", channelArn, streamId).firstResult();
    }

    /** Live sessions of an account in a region (ARN prefix), optionally by health, ordered by channel ARN. */
    public Uni<List<StreamSessionEntity>> listLive(String account, String arnPrefix, String health, String after,
            int limit) {
        StringBuilder q = new StringBuilder("account = :account and channelArn like :prefix and endTime is null");
        Parameters p = Parameters.with("account", account).and("prefix", arnPrefix + "%");
        if (health != null) {
            q.append(" and health = :health");
            p = p.and("health", health);
        }
        if (after != null) {
            q.append(" and channelArn > :after");
            p = p.and("after", after);
        }
        q.append(" order by channelArn");
        return find(q.toString(), p).range(0, limit - 1).list();
    }

    /** Sessions of a channel, newest first, after the (startTime, streamId) position when given. */
    public Uni<List<StreamSessionEntity>> listByChannel(String channelArn, Instant afterStart, String afterId,
            int limit) {
        if (afterStart == null) {
            return find("channelArn = ?1 order by startTime desc, streamId desc", channelArn)
                    .range(0, limit - 1).list();
        }
        return find("channelArn = ?1 and (startTime < ?2 or (startTime = ?2 and streamId < ?3))"
                + " order by startTime desc, streamId desc", channelArn, afterStart, afterId)
                .range(0, limit - 1).list();
    }

    /** Live sessions whose holder has not refreshed the heartbeat since {@code before}. */
    public Uni<List<StreamSessionEntity>> findStale(Instant before, int limit) {
        return find("endTime is null and heartbeatAt < ?1 order by heartbeatAt", before).range(0, limit - 1).list();
    }

    public Uni<Integer> heartbeat(Collection<String> streamIds, Instant now) {
        return update("heartbeatAt = ?1 where streamId in ?2 and endTime is null", now, streamIds);
    }

    /** Ends a session if it is still live; 1 when this call ended it. */
    public Uni<Integer> end(String streamId, Instant endTime) {
        return update("endTime = ?1 where streamId = ?2 and endTime is null", endTime, streamId);
    }
}
