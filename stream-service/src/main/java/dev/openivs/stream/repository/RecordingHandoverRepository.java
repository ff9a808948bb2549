package dev.openivs.stream.repository;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import jakarta.enterprise.context.ApplicationScoped;

/** Recordings offered for continuation across replicas. */
@ApplicationScoped
public class RecordingHandoverRepository implements PanacheRepositoryBase<RecordingHandoverEntity, String> {
}
