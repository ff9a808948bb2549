package dev.openivs.tagging.repository;

import dev.openivs.events.db.AdvisoryLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Collection;
import java.util.List;

/** Queries on tags and on the deleted-resource markers. */
@ApplicationScoped
public class TagRepository implements PanacheRepositoryBase<TagEntity, TagEntity.Key> {

    public Uni<List<TagEntity>> ofResource(String resourceArn) {
        return list("resourceArn = ?1 order by key", resourceArn);
    }

    public Uni<List<TagEntity>> ofResources(Collection<String> resourceArns) {
        return list("resourceArn in ?1", resourceArns);
    }

    public Uni<Long> removeKeys(String resourceArn, Collection<String> keys) {
        return delete("resourceArn = ?1 and key in ?2", resourceArn, keys);
    }

    public Uni<Long> removeAll(String resourceArn) {
        return delete("resourceArn", resourceArn);
    }

    /** Serializes concurrent changes of one resource's tags until the transaction ends (quota check). */
    public Uni<Void> lockResource(String resourceArn) {
        return AdvisoryLocks.lock(resourceArn);
    }

    public Uni<Boolean> isDeleted(String resourceArn) {
        return Panache.getSession().chain(s -> s.find(DeletedResourceEntity.class, resourceArn)).map(e -> e != null);
    }

    public Uni<Void> markDeleted(String resourceArn) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                "INSERT INTO deleted_resource (arn, deleted_at) VALUES (:arn, :at) ON CONFLICT DO NOTHING")
                .setParameter("arn", resourceArn).setParameter("at", Instant.now()).executeUpdate())
                .replaceWithVoid();
    }
}
