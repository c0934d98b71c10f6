-- Console sessions that can be listed and revoked, and users that can be
-- disabled (PostgreSQL). Times are Unix milliseconds.

-- Set while the user may not sign in; disabling ends every session.
ALTER TABLE users ADD COLUMN disabled_at BIGINT;

-- A short random id naming a session in listings and revocations (never the
-- token or its hash), where it was opened from and when it was last used.
ALTER TABLE sessions ADD COLUMN public_id TEXT;
ALTER TABLE sessions ADD COLUMN ip TEXT;
ALTER TABLE sessions ADD COLUMN user_agent TEXT;
ALTER TABLE sessions ADD COLUMN last_used_at BIGINT;
UPDATE sessions
   SET public_id = substr(md5(random()::text || clock_timestamp()::text || token_hash), 1, 16)
 WHERE public_id IS NULL;
CREATE UNIQUE INDEX sessions_by_public_id ON sessions(public_id);
CREATE INDEX sessions_by_user ON sessions(user_id, created_at);
