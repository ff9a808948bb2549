package dev.openivs.tagging.repository;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;
import java.io.Serializable;
import java.util.Objects;

/** One tag (key and value) of one resource. */
@Entity
@Table(name = "tag")
@IdClass(TagEntity.Key.class)
public class TagEntity {
    @Id
    @Column(name = "resource_arn")
    public String resourceArn;

    @Id
    @Column(name = "tag_key")
    public String key;

    @Column(name = "tag_value", nullable = false)
    public String value;

    @Column(nullable = false)
    public String account;

    /** The composite primary key (resource ARN, tag key). */
    public static class Key implements Serializable {
        public String resourceArn;
        public String key;

        public Key() {
        }

        public Key(String resourceArn, String key) {
            this.resourceArn = resourceArn;
            this.key = key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(resourceArn, k.resourceArn) && Objects.equals(key, k.key);
        }

        @Override
        public int hashCode() {
            return Objects.hash(resourceArn, key);
        }
    }
}
