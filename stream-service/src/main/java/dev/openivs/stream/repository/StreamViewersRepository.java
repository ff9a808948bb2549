package dev.openivs.stream.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;

/** Per-replica viewer counts. */
@ApplicationScoped
public class StreamViewersRepository implements PanacheRepositoryBase<StreamViewersEntity, String> {

    /** Removes the rows of {@code instance}, and every row not refreshed since {@code expired}. */
    public Uni<Long> clear(String instance, Instant expired) {
        return delete("ownerInstance = ?1 or updatedAt < ?2", instance, expired);
    }

    /** Rows of the other replicas refreshed since {@code fresh}. */
    public Uni<List<StreamViewersEntity>> others(String instance, Instant fresh) {
        return list("ownerInstance <> ?1 and updatedAt >= ?2", instance, fresh);
    }
}
