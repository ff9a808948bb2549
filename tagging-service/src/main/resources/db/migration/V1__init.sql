-- tagging-service: the tags of every IVS resource, and the ARNs known to be deleted.
CREATE TABLE tag (
    resource_arn VARCHAR(128) NOT NULL,
    tag_key      VARCHAR(128) NOT NULL,
    tag_value    VARCHAR(256) NOT NULL,
    account      VARCHAR(12)  NOT NULL,
    PRIMARY KEY (resource_arn, tag_key)
);

-- Filled from the owners' *Deleted.v1 events: tags are never (re)attached to a resource that is gone.
CREATE TABLE deleted_resource (
    arn        VARCHAR(128) PRIMARY KEY,
    deleted_at TIMESTAMPTZ  NOT NULL DEFAULT now()
);
