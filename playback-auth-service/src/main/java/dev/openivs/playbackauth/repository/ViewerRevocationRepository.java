package dev.openivs.playbackauth.repository;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;

/** Highest revoked viewer-session version per (channel, viewer), and the single-use tokens already spent. */
@ApplicationScoped
public class ViewerRevocationRepository {

    /** Raises the revoked version (never lowers it). */
    public Uni<Void> revoke(String channelArn, String viewerId, String account, long upTo) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO viewer_revocation (channel_arn, viewer_id, account, revoked_up_to, updated_at) "
                        + "VALUES (:c, :v, :a, :n, :t) ON CONFLICT (channel_arn, viewer_id) DO UPDATE SET "
                        + "revoked_up_to = GREATEST(viewer_revocation.revoked_up_to, EXCLUDED.revoked_up_to), "
                        + "updated_at = EXCLUDED.updated_at")
                .setParameter("c", channelArn).setParameter("v", viewerId).setParameter("a", account)
                .setParameter("n", upTo).setParameter("t", Instant.now()).executeUpdate()).replaceWithVoid();
    }

    /** The highest revoked version, or -1 when the viewer was never revoked on that channel. */
    public Uni<Long> revokedUpTo(String channelArn, String viewerId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "SELECT revoked_up_to FROM viewer_revocation WHERE channel_arn = :c AND viewer_id = :v", Long.class)
                .setParameter("c", channelArn).setParameter("v", viewerId).getResultList())
                .map(rows -> rows.isEmpty() ? -1L : ((Number) rows.get(0)).longValue());
    }

    /** Marks a single-use token spent; false when it already was. Forgets spent tokens long expired. */
    public Uni<Boolean> spendSingleUse(String channelArn, String uuid, Instant expiresAt) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "DELETE FROM spent_single_use_token WHERE expires_at < :old")
                .setParameter("old", Instant.now().minusSeconds(3600)).executeUpdate()
                .chain(() -> s.createNativeQuery("INSERT INTO spent_single_use_token (channel_arn, token_uuid, "
                        + "expires_at) VALUES (:c, :u, :e) ON CONFLICT DO NOTHING")
                        .setParameter("c", channelArn).setParameter("u", uuid).setParameter("e", expiresAt)
                        .executeUpdate()))
                .map(n -> n == 1);
    }
}
