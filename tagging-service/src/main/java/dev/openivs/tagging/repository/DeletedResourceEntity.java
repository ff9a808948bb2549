package dev.openivs.tagging.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A resource whose deletion was announced by its owner: it can no longer be tagged. */
@Entity
@Table(name = "deleted_resource")
public class DeletedResourceEntity {
    @Id
    public String arn;

    @Column(name = "deleted_at", nullable = false)
    public Instant deletedAt;
}
