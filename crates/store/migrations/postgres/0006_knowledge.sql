-- The knowledge base (PostgreSQL): articles the bot answers buyers with.
-- tags, error_codes and products are JSON arrays of strings.
CREATE TABLE knowledge_articles (
    id BIGSERIAL PRIMARY KEY,
    title TEXT NOT NULL,
    body TEXT NOT NULL,
    tags TEXT NOT NULL DEFAULT '[]',
    error_codes TEXT NOT NULL DEFAULT '[]',
    products TEXT NOT NULL DEFAULT '[]',
    language TEXT NOT NULL DEFAULT 'zh',
    enabled BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES users(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX knowledge_articles_by_update ON knowledge_articles(updated_at, id);
