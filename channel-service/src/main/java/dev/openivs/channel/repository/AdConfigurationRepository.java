package dev.openivs.channel.repository;

import dev.openivs.events.db.OwnedResourceRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class AdConfigurationRepository implements OwnedResourceRepository<AdConfigurationEntity> {
    private static final String LOCK_SHARED = "SELECT count(*) FROM (SELECT 1 FROM ad_configuration WHERE arn = $1 "
            + "AND account = $2 FOR SHARE) locked";

    @Override
    public String lockName() {
        return "ad-configuration";
    }

    /**
     * Whether the account owns the configuration, holding a share lock on its row until the transaction ends: a
     * channel referencing it is written in that transaction, so a concurrent DeleteAdConfiguration (which locks the
     * row for update before counting references) either waits and then sees the reference, or wins and this is
     * false.
     */
    public Uni<Boolean> lockShared(String arn, String account) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        "SELECT count(*) FROM (SELECT 1 FROM ad_configuration WHERE arn = :arn AND account = :account "
                                + "FOR SHARE) locked", Long.class)
                .setParameter("arn", arn).setParameter("account", account).getSingleResult())
                .map(n -> n > 0);
    }

    /** {@link #lockShared(String, String)} in the connection's transaction. */
    public Uni<Boolean> lockShared(SqlConnection conn, String arn, String account) {
        return conn.preparedQuery(LOCK_SHARED).execute(Tuple.of(arn, account))
                .map(rows -> rows.iterator().next().getLong(0) > 0);
    }

    /** The row locked for update (null when the account does not own it), until the transaction ends. */
    public Uni<AdConfigurationEntity> lockForUpdate(String arn, String account) {
        return find("arn = ?1 and account = ?2", arn, account)
                .withLock(jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}
