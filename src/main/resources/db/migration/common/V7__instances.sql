-- Several processes on one database (issue 9). Same conventions as V1: epoch-millis BIGINT timestamps.

-- Live processes: each one refreshes its row every few seconds and deletes it when it stops, so the others
-- know how many share each provider's rate limit (every instance paces at the limit divided by this count).
CREATE TABLE instances (
    name        VARCHAR(200) PRIMARY KEY,
    started_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL
);

-- A provider's "wait until" (Retry-After, a quota's reset) learned by one instance, so every instance holds;
-- released_at is the last settings save, after which every instance forgets the old key's wait and breaker.
CREATE TABLE pacing_holds (
    service      VARCHAR(40) PRIMARY KEY,
    hold_until   BIGINT NOT NULL,
    released_at  BIGINT
);

-- One poller per Trakt device-flow attempt across instances: polling claims the attempt until this moment
-- (Trakt answers "slow down" to a code polled faster than its interval, and a second poll after approval
-- would read "already used").
ALTER TABLE trakt_device_codes ADD COLUMN next_poll_at BIGINT NOT NULL DEFAULT 0;

-- A known text sealed with the first key that used this database: a process started with another
-- APERTURE_SECRET_KEY (or none, so a key file of its own) refuses to start instead of storing secrets
-- that the other instances cannot open.
CREATE TABLE secret_key_check (
    id      INTEGER PRIMARY KEY,
    sealed  TEXT NOT NULL
);
