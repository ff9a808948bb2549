package dev.openivs.playbackauth.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** An imported playback public key (DER SubjectPublicKeyInfo); the private key never reaches the service. */
@Entity
@Table(name = "playback_key_pair")
public class PlaybackKeyPairEntity {
    @Id
    public String arn;

    @Column(insertable = false, updatable = false)
    public Long seq;

    public String account;
    public String name;
    public String fingerprint;

    @Column(name = "public_key")
    public byte[] publicKey;

    @Column(name = "created_at")
    public Instant createdAt;
}
