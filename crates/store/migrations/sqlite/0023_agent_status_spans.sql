-- Agent status over time (SQLite), for the reports' online time: one row
-- per stretch an agent was online or away (offline, having no console open,
-- has no row). `ended_at` is NULL while the stretch lasts; `seen_at` is the
-- last time the running server saw it still going, so a stretch a stopped
-- server left open is ended there at the next start instead of running on
-- (docs/reports.md, "Online time").
CREATE TABLE agent_status_spans (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id INTEGER NOT NULL REFERENCES users(id),
    status TEXT NOT NULL,
    started_at INTEGER NOT NULL,
    seen_at INTEGER NOT NULL,
    ended_at INTEGER
);
CREATE INDEX agent_status_spans_by_start ON agent_status_spans(started_at);
CREATE INDEX agent_status_spans_open ON agent_status_spans(user_id) WHERE ended_at IS NULL;
