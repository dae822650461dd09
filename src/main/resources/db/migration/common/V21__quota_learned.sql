-- Issue 16: what a provider's "quota used up" taught about a key. observed_limit is how many requests the window
-- served before the refusal (NULL when none were counted), kept as the key's known limit until its settings are
-- saved again; the window reads as used up until reset_at. One row per service: only the latest refusal matters.
CREATE TABLE quota_learned (
    service        VARCHAR(32) PRIMARY KEY,
    observed_limit BIGINT,
    exhausted_at   BIGINT NOT NULL,
    reset_at       BIGINT NOT NULL
);
