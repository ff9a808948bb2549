-- streamkey-service: stream keys. The value is stored (GetStreamKey shows it again; ingest looks keys up by it).
CREATE TABLE stream_key (
    id          VARCHAR(64)  PRIMARY KEY,
    account     VARCHAR(12)  NOT NULL,
    arn         VARCHAR(128) NOT NULL UNIQUE,
    channel_arn VARCHAR(128) NOT NULL,
    value       VARCHAR(128) NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ  NOT NULL
);
CREATE INDEX stream_key_by_channel ON stream_key (channel_arn, created_at, id);
