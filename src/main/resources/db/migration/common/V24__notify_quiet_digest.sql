-- Quiet hours and the daily digest (issue 19). Events a channel's quiet hours hold back wait here, one
-- row per channel and alert event, until the window ends; digest_day is the last local day whose digest
-- the channel was sent, claimed with a conditional update so no day is sent twice, by any instance.

ALTER TABLE notification_channels ADD COLUMN digest_day VARCHAR(10);

CREATE TABLE notification_held (
    id          VARCHAR(40) PRIMARY KEY,
    channel_id  VARCHAR(40) NOT NULL,
    alert_id    VARCHAR(40) NOT NULL,
    event       VARCHAR(16) NOT NULL,
    alert_json  TEXT NOT NULL,
    created_at  BIGINT NOT NULL
);

CREATE INDEX notification_held_channel ON notification_held (channel_id, created_at);
