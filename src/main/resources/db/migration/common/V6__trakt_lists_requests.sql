-- Trakt ratings, MDBList lists and Jellyseerr requests (issue 3, jobs). Same conventions as V1:
-- epoch-millis BIGINT timestamps, INTEGER 0/1 booleans, one schema for SQLite and PostgreSQL.

-- Per-user Trakt authorizations. Both tokens are sealed with the SecretBox (AES-GCM), never clear.
CREATE TABLE trakt_users (
    username          VARCHAR(100) PRIMARY KEY,
    access_token      TEXT NOT NULL,
    refresh_token     TEXT NOT NULL,
    expires_at        BIGINT NOT NULL,
    authorized_at     BIGINT NOT NULL,
    refreshed_at      BIGINT,
    last_synced_at    BIGINT
);

-- OAuth device-flow attempts; the device code is a credential until it is used, so it is sealed too.
CREATE TABLE trakt_device_codes (
    id                VARCHAR(40) PRIMARY KEY,
    username          VARCHAR(100) NOT NULL,
    device_code       TEXT NOT NULL,
    user_code         VARCHAR(32) NOT NULL,
    verification_url  TEXT NOT NULL,
    interval_seconds  INTEGER NOT NULL,
    expires_at        BIGINT NOT NULL,
    state             VARCHAR(16) NOT NULL,
    message           TEXT NOT NULL,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX trakt_device_codes_state ON trakt_device_codes (state);

CREATE TABLE trakt_ratings (
    username   VARCHAR(100) NOT NULL,
    type       VARCHAR(16) NOT NULL,
    trakt_id   VARCHAR(32) NOT NULL,
    imdb_id    VARCHAR(32),
    tmdb_id    VARCHAR(32),
    title      TEXT NOT NULL,
    year       INTEGER,
    rating     INTEGER NOT NULL,
    rated_at   BIGINT,
    synced_at  BIGINT NOT NULL,
    PRIMARY KEY (username, type, trakt_id)
);

CREATE TABLE mdblist_lists (
    list_id       VARCHAR(200) PRIMARY KEY,
    item_count    INTEGER NOT NULL,
    refreshed_at  BIGINT NOT NULL
);

CREATE TABLE mdblist_list_items (
    list_id   VARCHAR(200) NOT NULL,
    position  INTEGER NOT NULL,
    rank      INTEGER,
    title     TEXT NOT NULL,
    imdb_id   VARCHAR(32),
    tmdb_id   VARCHAR(32),
    type      VARCHAR(16) NOT NULL,
    PRIMARY KEY (list_id, position)
);

CREATE TABLE jellyseerr_requests (
    id                  VARCHAR(32) PRIMARY KEY,
    status              INTEGER,
    media_type          VARCHAR(16),
    tmdb_id             VARCHAR(32),
    requested_by_id     INTEGER,
    requested_by_name   TEXT,
    aperture_user       VARCHAR(100),
    created_at          BIGINT,
    synced_at           BIGINT NOT NULL
);

CREATE TABLE jellyseerr_user_mappings (
    jellyseerr_user_id  INTEGER PRIMARY KEY,
    username            VARCHAR(100) NOT NULL,
    updated_at          BIGINT NOT NULL
);
