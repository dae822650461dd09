-- Accounts (issue 14): an API token may expire (epoch millis, NULL = never). last_used_at already exists and is
-- now written when a token is used (at most once a minute per token, so scripts polling the API cost no write each).
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
