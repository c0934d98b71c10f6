-- Attempt counters behind every lockout (buyer verification, sign-in): one
-- row per scope such as "verify:order:D123" or "login:ip:203.0.113.9". An
-- attempt is counted here before the slow part runs; a row whose lock ran
-- out and whose failures are forgotten is deleted (expires_at).
CREATE TABLE attempt_limits (
    scope TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_at INTEGER NOT NULL,
    locked_until INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX attempt_limits_by_expiry ON attempt_limits(expires_at);

-- Browsers that signed in before as a user: attempts from them are counted
-- on their own, so failures elsewhere cannot lock the user out of them.
CREATE TABLE login_devices (
    token_hash TEXT PRIMARY KEY,
    user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL
);
CREATE INDEX login_devices_by_expiry ON login_devices(expires_at);
