package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.AdvisoryLocks;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PlaybackRestrictionPolicyRepository
        implements PanacheRepositoryBase<PlaybackRestrictionPolicyEntity, String> {

    public Uni<PlaybackRestrictionPolicyEntity> findOwned(String arn, String account) {
        return find("arn = ?1 and account = ?2", arn, account).firstResult();
    }

    public Uni<List<PlaybackRestrictionPolicyEntity>> page(String account, long afterSeq, int limit) {
        return find("account = ?1 and seq > ?2 order by seq", account, afterSeq).range(0, limit - 1).list();
    }

    public Uni<Long> countOf(String account) {
        return count("account", account);
    }

    public Uni<Void> lockAccount(String account) {
        return AdvisoryLocks.lock("playback-restriction-policy:" + account);
    }
}
