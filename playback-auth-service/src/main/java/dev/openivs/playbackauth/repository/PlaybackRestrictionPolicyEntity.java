package dev.openivs.playbackauth.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A playback restriction policy; the two lists are stored as JSON arrays. */
@Entity
@Table(name = "playback_restriction_policy")
public class PlaybackRestrictionPolicyEntity {
    @Id
    public String arn;

    @Column(insertable = false, updatable = false)
    public Long seq;

    public String account;
    public String name;

    @Column(name = "allowed_countries")
    public String allowedCountries;

    @Column(name = "allowed_origins")
    public String allowedOrigins;

    @Column(name = "strict_origin_enforcement")
    public boolean strictOriginEnforcement;

    @Column(name = "created_at")
    public Instant createdAt;
}
