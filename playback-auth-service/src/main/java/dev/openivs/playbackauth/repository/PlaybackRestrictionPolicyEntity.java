package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.OwnedResourceEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** A playback restriction policy; the two lists are stored as JSON arrays. */
@Entity
@Table(name = "playback_restriction_policy")
public class PlaybackRestrictionPolicyEntity extends OwnedResourceEntity {
    @Column(name = "allowed_countries")
    public String allowedCountries;

    @Column(name = "allowed_origins")
    public String allowedOrigins;

    @Column(name = "strict_origin_enforcement")
    public boolean strictOriginEnforcement;
}
