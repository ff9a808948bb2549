package dev.openivs.tagging.repository;

import dev.openivs.events.db.AdvisoryLocks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Queries on tags and on the deleted-resource markers. */
@ApplicationScoped
public class TagRepository implements PanacheRepositoryBase<TagEntity, TagEntity.Key> {
    private static final String OF_RESOURCES =
            "SELECT resource_arn, tag_key, tag_value FROM tag WHERE resource_arn = ANY($1)";

    private final Pool pool;

    public TagRepository(Pool pool) {
        this.pool = pool;
    }

    /** A tag as read by {@link #ofResources}. */
    public record Tag(String resourceArn, String key, String value) {
    }

    public Uni<List<TagEntity>> ofResource(String resourceArn) {
        return list("resourceArn = ?1 order by key", resourceArn);
    }

    /**
     * The tags of several resources, committed state, outside any Hibernate session: the read behind every Get/List
     * of the owning services (one prepared statement on the reactive pool, no entity hydration).
     */
    public Uni<List<Tag>> ofResources(Collection<String> resourceArns) {
        return pool.preparedQuery(OF_RESOURCES).execute(Tuple.of(resourceArns.toArray(String[]::new))).map(rows -> {
            List<Tag> tags = new ArrayList<>(rows.size());
            for (Row r : rows) {
                tags.add(new Tag(r.getString(0), r.getString(1), r.getString(2)));
            }
            return tags;
        });
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
