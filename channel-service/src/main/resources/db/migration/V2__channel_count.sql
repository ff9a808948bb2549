-- Channels per account (any state), kept by a trigger on every insert and delete of a channel row, so the quota
-- check of CreateChannel reads one row instead of counting the account's channels (O(1) instead of O(channels)),
-- and locking that row is what serialises concurrent creates in one account.
CREATE TABLE channel_count (
    account  VARCHAR(12) PRIMARY KEY,
    channels INTEGER     NOT NULL
);

INSERT INTO channel_count (account, channels) SELECT account, count(*) FROM channel GROUP BY account;

CREATE FUNCTION channel_count_change() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO channel_count (account, channels) VALUES (NEW.account, 1)
            ON CONFLICT (account) DO UPDATE SET channels = channel_count.channels + 1;
        RETURN NEW;
    END IF;
    UPDATE channel_count SET channels = channels - 1 WHERE account = OLD.account;
    RETURN OLD;
END
$$;

CREATE TRIGGER channel_count_change AFTER INSERT OR DELETE ON channel
    FOR EACH ROW EXECUTE FUNCTION channel_count_change();
