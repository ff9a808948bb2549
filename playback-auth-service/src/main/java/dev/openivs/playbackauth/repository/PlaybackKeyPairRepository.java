package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.OwnedResourceRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Owned key pairs; the account lock serializes imports (duplicate and quota checks). */
@ApplicationScoped
public class PlaybackKeyPairRepository implements OwnedResourceRepository<PlaybackKeyPairEntity> {

    @Override
    public String lockName() {
        return "playback-key";
    }

    public Uni<PlaybackKeyPairEntity> findByFingerprint(String account, String fingerprint) {
        return find("account = ?1 and fingerprint = ?2", account, fingerprint).firstResult();
    }

    public Uni<List<PlaybackKeyPairEntity>> ofAccount(String account) {
        return list("account = ?1 order by seq", account);
    }
}
