-- Notifications: channels (secrets sealed like integration secrets), an outbox of alert events
-- waiting to be batched, the deliveries rendered from them (one row per channel message, retried
-- until accepted), and when each channel last reminded about each still-open alert.

CREATE TABLE notification_channels (
    id                    VARCHAR(40) PRIMARY KEY,
    name                  VARCHAR(100) NOT NULL,
    type                  VARCHAR(16) NOT NULL,
    enabled               INTEGER NOT NULL,
    settings_json         TEXT NOT NULL,
    secrets_json          TEXT NOT NULL,
    rules_json            TEXT NOT NULL,
    created_at            BIGINT NOT NULL,
    updated_at            BIGINT NOT NULL,
    consecutive_failures  INTEGER NOT NULL,
    last_error            TEXT,
    last_failure_at       BIGINT,
    last_success_at       BIGINT
);

CREATE TABLE notification_events (
    id          VARCHAR(40) PRIMARY KEY,
    alert_id    VARCHAR(40) NOT NULL,
    event       VARCHAR(16) NOT NULL,
    alert_json  TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    batched_at  BIGINT
);

CREATE INDEX notification_events_pending ON notification_events (batched_at, created_at);

CREATE TABLE notification_deliveries (
    id               VARCHAR(40) PRIMARY KEY,
    channel_id       VARCHAR(40) NOT NULL,
    event            VARCHAR(16) NOT NULL,
    alert_count      INTEGER NOT NULL,
    title            TEXT NOT NULL,
    message_json     TEXT NOT NULL,
    status           VARCHAR(16) NOT NULL,
    attempts         INTEGER NOT NULL,
    next_attempt_at  BIGINT NOT NULL,
    last_attempt_at  BIGINT,
    last_status      INTEGER,
    last_error       TEXT,
    created_at       BIGINT NOT NULL,
    delivered_at     BIGINT
);

CREATE INDEX notification_deliveries_due ON notification_deliveries (status, next_attempt_at);
CREATE INDEX notification_deliveries_channel ON notification_deliveries (channel_id, created_at);

CREATE TABLE notification_reminders (
    channel_id    VARCHAR(40) NOT NULL,
    alert_id      VARCHAR(40) NOT NULL,
    last_sent_at  BIGINT NOT NULL,
    PRIMARY KEY (channel_id, alert_id)
);
