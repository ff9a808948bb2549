-- Any replica serves any live channel's playback: the holder's playback edge address, where peers fetch from.
ALTER TABLE stream_session ADD COLUMN owner_playback_url VARCHAR(256);

-- viewerCount across replicas: each replica publishes its own count per channel every few seconds; a channel's
-- viewerCount is the sum of the fresh rows (see ViewerCounts).
CREATE TABLE stream_viewers (
    id              VARCHAR(200) PRIMARY KEY,   -- owner_instance || '|' || channel_arn
    owner_instance  VARCHAR(64)  NOT NULL,
    channel_arn     VARCHAR(128) NOT NULL,
    viewers         BIGINT       NOT NULL,
    updated_at      TIMESTAMPTZ  NOT NULL
);
CREATE INDEX stream_viewers_by_instance ON stream_viewers (owner_instance);
