-- Background health checks: when each service was last probed and how many probes in a row failed,
-- so the probe interval (and its backoff during an outage) survives restarts and is shared by every
-- process on one PostgreSQL.
CREATE TABLE health_checks (
    service               VARCHAR(32) PRIMARY KEY,
    last_probe_at         BIGINT NOT NULL,
    last_ok               INTEGER NOT NULL,
    consecutive_failures  INTEGER NOT NULL,
    probes                BIGINT NOT NULL
);

-- Calls counted against a provider's quota window (OMDb and MDBList count per UTC day). A quota
-- spent before a restart is still spent after it; one row per service and window.
CREATE TABLE quota_usage (
    service       VARCHAR(32) NOT NULL,
    window_start  BIGINT NOT NULL,
    used          BIGINT NOT NULL,
    PRIMARY KEY (service, window_start)
);
