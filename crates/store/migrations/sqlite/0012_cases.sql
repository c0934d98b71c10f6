-- Learning desk (SQLite): the problem-tag taxonomy admins edit, and case
-- memory: one case per resolved conversation.
CREATE TABLE problem_tags (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    created_at INTEGER NOT NULL
);
INSERT INTO problem_tags (name, created_at) VALUES
    ('系统错误', 0), ('商品不符', 0), ('用户操作', 0),
    ('支付故障', 0), ('充值延迟', 0), ('账号问题', 0);

-- tags, intents, error_codes, products, pictures and replies are JSON.
-- search_text is the lower-cased text searched by `q` (buyer text, picture
-- text, summary). Picture phashes are 64-bit hashes as signed integers,
-- inside the pictures JSON.
CREATE TABLE cases (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    conversation_id INTEGER NOT NULL UNIQUE REFERENCES conversations(id),
    tags TEXT NOT NULL,
    intents TEXT NOT NULL,
    error_codes TEXT NOT NULL,
    products TEXT NOT NULL,
    pictures TEXT NOT NULL,
    buyer_text TEXT NOT NULL,
    replies TEXT NOT NULL,
    summary TEXT NOT NULL,
    solved_by TEXT NOT NULL,
    reopened INTEGER NOT NULL DEFAULT 0,
    search_text TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX cases_by_time ON cases(updated_at);
