-- The database work of one CreateChannel as this suite does it (issue 10's ceiling check), run by pgbench against
-- copies of the channel and streamkey schemas in ivs_bench: the three transactions of the saga with the same
-- statements, tables and indexes (payload sizes as measured on the real events). Not included: the outbox relays'
-- reads and updates, the consumers, Kafka and all Java work, so this bounds CreateChannel from above. The insert
-- into channel.channel also fires the copied trigger that keeps channel_count (the quota row).
\set n random(1, 2000000000)
BEGIN;
WITH c AS (INSERT INTO channel.channel_count (account, channels) VALUES ('123456789012', 0) ON CONFLICT (account) DO UPDATE SET channels = channel.channel_count.channels RETURNING channels) SELECT channels FROM c;
INSERT INTO channel.channel (id, account, arn, name, latency_mode, type, authorized, insecure_ingest, preset, recording_configuration_arn, playback_restriction_policy_arn, ad_configuration_arn, container_format, multitrack_enabled, multitrack_policy, multitrack_maximum_resolution, srt_passphrase, state, created_at, updated_at) VALUES ('b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), '123456789012', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'bench', 'LOW', 'STANDARD', false, false, '', '', '', '', 'HLS', false, 'ALLOW', 'FULL_HD', md5(CAST(:n AS text)) || md5(CAST(:client_id AS text)), 'CREATING', now(), now());
COMMIT;
BEGIN;
SELECT pg_advisory_xact_lock(hashtext('stream-keys:arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text)));
SELECT id, account, arn, channel_arn, value, created_at FROM streamkey.stream_key WHERE channel_arn = 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text) ORDER BY created_at, id;
INSERT INTO streamkey.stream_key (id, account, arn, channel_arn, value, created_at) VALUES ('k' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), '123456789012', 'arn:aws:ivs:us-west-2:123456789012:stream-key/k' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'sk_us-west-2_' || md5(CAST(:n AS text) || 'v' || CAST(:client_id AS text)), now());
INSERT INTO streamkey.outbox_event (id, aggregate_type, aggregate_id, type, topic, msg_key, payload) VALUES (gen_random_uuid(), 'stream-key', 'arn:aws:ivs:us-west-2:123456789012:stream-key/k' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'StreamKeyCreated.v1', 'ivs.streamkey', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), repeat('s', 405));
COMMIT;
BEGIN;
UPDATE channel.channel SET state = 'ACTIVE', updated_at = now() WHERE id = 'b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text) AND state = 'CREATING';
INSERT INTO channel.outbox_event (id, aggregate_type, aggregate_id, type, topic, msg_key, payload) VALUES (gen_random_uuid(), 'channel', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'ChannelCreated.v1', 'ivs.channel', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), repeat('c', 811));
INSERT INTO channel.outbox_event (id, aggregate_type, aggregate_id, type, topic, msg_key, payload) VALUES (gen_random_uuid(), 'eventbridge', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), 'AWS API Call via CloudTrail', 'ivs.eventbridge', 'arn:aws:ivs:us-west-2:123456789012:channel/b' || CAST(:client_id AS text) || 'x' || CAST(:n AS text), repeat('e', 1700));
COMMIT;
