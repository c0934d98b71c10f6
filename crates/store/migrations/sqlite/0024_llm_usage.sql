-- The optional language model's use per UTC day and purpose (answer,
-- suggested reply, handoff summary): calls, calls that gave text, tokens,
-- cost in millionths of a fen (tokens × the configured price per million)
-- and the summed latency. Never any text.
CREATE TABLE llm_usage (
    day BIGINT NOT NULL,
    purpose TEXT NOT NULL,
    calls BIGINT NOT NULL DEFAULT 0,
    answered BIGINT NOT NULL DEFAULT 0,
    tokens BIGINT NOT NULL DEFAULT 0,
    cost_micro_fen BIGINT NOT NULL DEFAULT 0,
    prompt_chars BIGINT NOT NULL DEFAULT 0,
    latency_ms BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (day, purpose)
);
