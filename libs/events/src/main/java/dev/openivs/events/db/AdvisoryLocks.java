package dev.openivs.events.db;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;

/**
 * PostgreSQL transaction-scoped advisory locks, for check-then-write rules that a unique index cannot express
 * (quotas per account, at most N tags per resource): concurrent transactions on the same key run one after the
 * other, and the lock is released at commit or rollback. Call inside {@code Panache.withTransaction}.
 */
public final class AdvisoryLocks {
    private AdvisoryLocks() {
    }

    /** Blocks (without blocking a thread) until this transaction holds the lock named {@code key}. */
    public static Uni<Void> lock(String key) {
        return Panache.getSession().chain(s -> s.createNativeQuery("SELECT pg_advisory_xact_lock(hashtext(:key))")
                .setParameter("key", key).getSingleResult()).replaceWithVoid();
    }
}
