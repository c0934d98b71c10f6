-- Running a support team (SQLite): teams and their members, each agent's
-- capacity, skills and chosen status, ordered routing rules, and where a
-- conversation stands in the queue. Times are Unix milliseconds.

ALTER TABLE users ADD COLUMN capacity INTEGER NOT NULL DEFAULT 5;
-- JSON list of skill names.
ALTER TABLE users ADD COLUMN skills TEXT NOT NULL DEFAULT '[]';
-- What the agent chose: 'online' or 'away' (offline is having no console open).
ALTER TABLE users ADD COLUMN agent_status TEXT NOT NULL DEFAULT 'online';
-- When routing last gave them a conversation (round robin on ties).
ALTER TABLE users ADD COLUMN last_assigned_at INTEGER NOT NULL DEFAULT 0;

CREATE TABLE teams (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    -- 1: routing assigns its queue; 0: agents pick from it by hand.
    auto_assign INTEGER NOT NULL DEFAULT 1,
    created_at INTEGER NOT NULL
);

CREATE TABLE team_members (
    team_id INTEGER NOT NULL REFERENCES teams(id),
    user_id INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX team_members_by_user ON team_members(user_id);

-- The rule (name, conditions, team, priority, skills) as JSON; served in
-- `position` order.
CREATE TABLE routing_rules (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    position INTEGER NOT NULL,
    body TEXT NOT NULL,
    updated_at INTEGER NOT NULL
);

-- Set when routing first sees a queued conversation (rules applied);
-- NULL whenever it is not waiting.
ALTER TABLE conversations ADD COLUMN queued_at INTEGER;
ALTER TABLE conversations ADD COLUMN team_id INTEGER REFERENCES teams(id);
-- JSON list of the skills its agent needs.
ALTER TABLE conversations ADD COLUMN required_skills TEXT NOT NULL DEFAULT '[]';
ALTER TABLE conversations ADD COLUMN assigned_at INTEGER;
CREATE INDEX conversations_waiting ON conversations(status, queued_at);
CREATE INDEX conversations_by_assignee ON conversations(assignee_id, status);
