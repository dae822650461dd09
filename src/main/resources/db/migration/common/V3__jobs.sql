CREATE TABLE jobs (
    name         VARCHAR(64) PRIMARY KEY,
    enabled      INTEGER NOT NULL,
    schedule     VARCHAR(64) NOT NULL,
    next_run_at  BIGINT,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE job_runs (
    id                VARCHAR(40) PRIMARY KEY,
    job               VARCHAR(64) NOT NULL,
    status            VARCHAR(32) NOT NULL,
    run_trigger       VARCHAR(16) NOT NULL,
    parent_run_id     VARCHAR(40),
    owner             VARCHAR(200) NOT NULL,
    started_at        BIGINT NOT NULL,
    finished_at       BIGINT,
    heartbeat_at      BIGINT NOT NULL,
    total             INTEGER NOT NULL,
    done              INTEGER NOT NULL,
    not_found         INTEGER NOT NULL,
    failed            INTEGER NOT NULL,
    current_step      TEXT NOT NULL,
    summary           TEXT NOT NULL,
    cancel_requested  INTEGER NOT NULL
);

-- At most one run of a job at a time, across every process sharing the database.
CREATE UNIQUE INDEX job_runs_one_running ON job_runs (job) WHERE status = 'running';
CREATE INDEX job_runs_job_started ON job_runs (job, started_at);
CREATE INDEX job_runs_started ON job_runs (started_at);

CREATE TABLE job_run_items (
    run_id      VARCHAR(40) NOT NULL,
    item        VARCHAR(300) NOT NULL,
    label       TEXT NOT NULL,
    status      VARCHAR(16) NOT NULL,
    detail      TEXT NOT NULL,
    service     VARCHAR(32),
    alert_id    VARCHAR(40),
    updated_at  BIGINT NOT NULL,
    PRIMARY KEY (run_id, item)
);
CREATE INDEX job_run_items_status ON job_run_items (run_id, status);

CREATE TABLE job_run_logs (
    run_id    VARCHAR(40) NOT NULL,
    seq       INTEGER NOT NULL,
    at        BIGINT NOT NULL,
    level     VARCHAR(8) NOT NULL,
    message   TEXT NOT NULL,
    service   VARCHAR(32),
    item      VARCHAR(300),
    alert_id  VARCHAR(40),
    error_id  VARCHAR(40),
    PRIMARY KEY (run_id, seq)
);

CREATE TABLE library_items (
    id                VARCHAR(40) PRIMARY KEY,
    type              VARCHAR(16) NOT NULL,
    title             TEXT NOT NULL,
    year              INTEGER,
    imdb_id           VARCHAR(32),
    tmdb_id           VARCHAR(32),
    media_server_id   VARCHAR(100),
    source            VARCHAR(16) NOT NULL,
    overview          TEXT,
    genres            TEXT,
    keywords          TEXT,
    tmdb_rating       TEXT,
    tmdb_enriched_at  BIGINT,
    rotten_tomatoes   TEXT,
    metacritic        TEXT,
    imdb_rating       TEXT,
    awards            TEXT,
    omdb_enriched_at  BIGINT,
    embedding         TEXT,
    embedding_model   VARCHAR(100),
    embedded_at       BIGINT,
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE UNIQUE INDEX library_items_media_server ON library_items (media_server_id);
CREATE INDEX library_items_imdb ON library_items (imdb_id);
CREATE INDEX library_items_tmdb ON library_items (type, tmdb_id);
