package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.AdvisoryLocks;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class PlaybackKeyPairRepository implements PanacheRepositoryBase<PlaybackKeyPairEntity, String> {

    public Uni<PlaybackKeyPairEntity> findOwned(String arn, String account) {
        return find("arn = ?1 and account = ?2", arn, account).firstResult();
    }

    public Uni<PlaybackKeyPairEntity> findByFingerprint(String account, String fingerprint) {
        return find("account = ?1 and fingerprint = ?2", account, fingerprint).firstResult();
    }

    public Uni<List<PlaybackKeyPairEntity>> ofAccount(String account) {
        return list("account = ?1 order by seq", account);
    }

    public Uni<List<PlaybackKeyPairEntity>> page(String account, long afterSeq, int limit) {
        return find("account = ?1 and seq > ?2 order by seq", account, afterSeq).range(0, limit - 1).list();
    }

    public Uni<Long> countOf(String account) {
        return count("account", account);
    }

    /** Serializes imports in one account until the transaction ends (duplicate and quota checks). */
    public Uni<Void> lockAccount(String account) {
        return AdvisoryLocks.lock("playback-key:" + account);
    }
}
