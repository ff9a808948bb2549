package dev.openivs.stream.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** Queries over session events. */
@ApplicationScoped
public class StreamEventRepository implements PanacheRepositoryBase<StreamEventEntity, Long> {

    /** The newest {@code limit} events of a session, newest first. */
    public Uni<List<StreamEventEntity>> newest(String streamId, int limit) {
        return find("streamId = ?1 order by eventTime desc, id desc", streamId).range(0, limit - 1).list();
    }
}
