package dev.openivs.events.db;

import dev.openivs.aws.errors.ResourceNotFoundException;
import dev.openivs.aws.support.Arn;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** The queries every account-owned resource needs: find owned, one List page, count (quota), lock the account. */
public interface OwnedResourceRepository<E extends OwnedResourceEntity> extends PanacheRepositoryBase<E, String> {

    /** The name of the advisory lock per account, e.g. {@code "recording-configuration"}. */
    String lockName();

    /** The resource when {@code account} owns it, else null. */
    default Uni<E> findOwned(String arn, String account) {
        return find("arn = ?1 and account = ?2", arn, account).firstResult();
    }

    /**
     * For internal callers: the resource the ARN names, in the caller's account when one is known (work that is
     * not an API request names none), else ResourceNotFoundException.
     */
    default Uni<E> findInternal(Arn arn, String region, String callerAccount) {
        if (callerAccount != null && !arn.ownedBy(region, callerAccount)) {
            throw new ResourceNotFoundException();
        }
        return Panache.withSession(() -> findOwned(arn.toString(), arn.account()))
                .onItem().ifNull().failWith(ResourceNotFoundException::new);
    }

    /** One page of an account's resources in creation order, after {@code afterSeq} (exclusive). */
    default Uni<List<E>> page(String account, long afterSeq, int limit) {
        return find("account = ?1 and seq > ?2 order by seq", account, afterSeq).range(0, limit - 1).list();
    }

    default Uni<Long> countOf(String account) {
        return count("account", account);
    }

    /** Serializes creations in one account until the transaction ends (quota check). */
    default Uni<Void> lockAccount(String account) {
        return AdvisoryLocks.lock(lockName() + ":" + account);
    }
}
