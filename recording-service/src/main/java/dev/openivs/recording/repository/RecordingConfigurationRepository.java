package dev.openivs.recording.repository;

import dev.openivs.events.db.AdvisoryLocks;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

@ApplicationScoped
public class RecordingConfigurationRepository implements PanacheRepositoryBase<RecordingConfigurationEntity, String> {

    public Uni<RecordingConfigurationEntity> findOwned(String arn, String account) {
        return find("arn = ?1 and account = ?2", arn, account).firstResult();
    }

    /** One page of an account's configurations in creation order, after {@code afterSeq} (exclusive). */
    public Uni<List<RecordingConfigurationEntity>> page(String account, long afterSeq, int limit) {
        return find("account = ?1 and seq > ?2 order by seq", account, afterSeq).range(0, limit - 1).list();
    }

    public Uni<Long> countOf(String account) {
        return count("account", account);
    }

    /** Serializes creations in one account until the transaction ends (quota check). */
    public Uni<Void> lockAccount(String account) {
        return AdvisoryLocks.lock("recording-configuration:" + account);
    }
}
