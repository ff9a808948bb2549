package dev.openivs.playbackauth.repository;

import dev.openivs.events.db.OwnedResourceEntity;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

/** An imported playback public key (DER SubjectPublicKeyInfo); the private key never reaches the service. */
@Entity
@Table(name = "playback_key_pair")
public class PlaybackKeyPairEntity extends OwnedResourceEntity {
    public String fingerprint;

    @Column(name = "public_key")
    public byte[] publicKey;
}
