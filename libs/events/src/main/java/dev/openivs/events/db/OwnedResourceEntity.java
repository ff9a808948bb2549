package dev.openivs.events.db;

import jakarta.persistence.Column;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.time.Instant;

/**
 * The columns every account-owned resource table has: the ARN (primary key), {@code seq} (a database sequence:
 * creation order, the keyset of List pages), the owning account, the name and the creation time.
 */
@MappedSuperclass
public abstract class OwnedResourceEntity {
    @Id
    public String arn;

    @Column(insertable = false, updatable = false)
    public Long seq;

    public String account;
    public String name;

    @Column(name = "created_at")
    public Instant createdAt;
}
