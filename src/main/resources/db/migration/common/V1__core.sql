-- Timestamps are epoch milliseconds (BIGINT) and booleans are INTEGER 0/1, so one schema serves
-- SQLite and PostgreSQL alike; only the scheduler's own table differs per vendor.

CREATE TABLE integrations (
    service          VARCHAR(32) PRIMARY KEY,
    enabled          INTEGER NOT NULL,
    settings_json    TEXT NOT NULL,
    secrets_json     TEXT NOT NULL,
    updated_at       BIGINT NOT NULL,
    last_checked_at  BIGINT,
    last_success_at  BIGINT
);

CREATE TABLE alerts (
    id                VARCHAR(40) PRIMARY KEY,
    service           VARCHAR(32) NOT NULL,
    type              VARCHAR(32) NOT NULL,
    subject           VARCHAR(200) NOT NULL,
    severity          VARCHAR(16) NOT NULL,
    title             TEXT NOT NULL,
    message           TEXT NOT NULL,
    action            TEXT NOT NULL,
    code              TEXT NOT NULL,
    http_status       INTEGER,
    occurrences       BIGINT NOT NULL,
    first_seen_at     BIGINT NOT NULL,
    last_seen_at      BIGINT NOT NULL,
    reset_at          BIGINT,
    job_run_id        VARCHAR(40),
    dismissed_at      BIGINT,
    dismissal_reason  VARCHAR(32),
    resolved_at       BIGINT,
    resolution        VARCHAR(32)
);

-- At most one unresolved alert per problem, enforced by the database so that several writers
-- (threads or processes sharing PostgreSQL) can never open two.
CREATE UNIQUE INDEX alerts_one_active ON alerts (service, type, subject) WHERE resolved_at IS NULL;
CREATE INDEX alerts_resolved_at ON alerts (resolved_at);
CREATE INDEX alerts_dismissed_at ON alerts (dismissed_at);

CREATE TABLE error_records (
    id                VARCHAR(40) PRIMARY KEY,
    alert_id          VARCHAR(40) NOT NULL,
    service           VARCHAR(32) NOT NULL,
    type              VARCHAR(32) NOT NULL,
    severity          VARCHAR(16) NOT NULL,
    subject           VARCHAR(200) NOT NULL,
    code              TEXT NOT NULL,
    http_status       INTEGER,
    message           TEXT NOT NULL,
    action            TEXT NOT NULL,
    method            VARCHAR(16) NOT NULL,
    url               TEXT NOT NULL,
    request_headers   TEXT NOT NULL,
    response_status   INTEGER,
    response_excerpt  TEXT NOT NULL,
    duration_ms       BIGINT NOT NULL,
    job_run_id        VARCHAR(40),
    occurred_at       BIGINT NOT NULL,
    last_occurred_at  BIGINT NOT NULL,
    occurrences       BIGINT NOT NULL
);

CREATE INDEX error_records_time ON error_records (occurred_at, id);
CREATE INDEX error_records_service_time ON error_records (service, occurred_at);
CREATE INDEX error_records_alert ON error_records (alert_id, last_occurred_at);
CREATE INDEX error_records_run ON error_records (job_run_id);

CREATE TABLE users (
    id             VARCHAR(40) PRIMARY KEY,
    username       VARCHAR(100) NOT NULL UNIQUE,
    password_hash  TEXT NOT NULL,
    role           VARCHAR(16) NOT NULL,
    created_at     BIGINT NOT NULL
);

CREATE TABLE sessions (
    token_hash  VARCHAR(64) PRIMARY KEY,
    user_id     VARCHAR(40) NOT NULL,
    csrf_token  VARCHAR(64) NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);

CREATE TABLE api_tokens (
    id            VARCHAR(40) PRIMARY KEY,
    name          VARCHAR(100) NOT NULL,
    token_hash    VARCHAR(64) NOT NULL UNIQUE,
    user_id       VARCHAR(40) NOT NULL,
    created_at    BIGINT NOT NULL,
    last_used_at  BIGINT,
    revoked_at    BIGINT
);
