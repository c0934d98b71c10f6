-- Shop data (PostgreSQL): the buyer's contact in searchable forms, the lookup
-- password as a keyed hash, manual delivery, and sealed card keys
-- (AES-256-GCM; never the plain key). Times are Unix milliseconds.
ALTER TABLE orders ADD COLUMN email TEXT;
ALTER TABLE orders ADD COLUMN phone TEXT;
ALTER TABLE orders ADD COLUMN qq TEXT;
ALTER TABLE orders ADD COLUMN lookup_hash TEXT;
ALTER TABLE orders ADD COLUMN manual_delivery BIGINT NOT NULL DEFAULT 0;
ALTER TABLE orders ADD COLUMN updated_at BIGINT;
CREATE INDEX orders_by_email ON orders(email);
CREATE INDEX orders_by_phone ON orders(phone);
CREATE INDEX orders_by_qq ON orders(qq);
CREATE INDEX orders_by_created ON orders(created_at DESC);
CREATE INDEX products_by_name ON products(name);

CREATE TABLE card_keys (
    id BIGSERIAL PRIMARY KEY,
    order_id BIGINT NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    position BIGINT NOT NULL,
    sealed TEXT NOT NULL,
    masked TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (order_id, position)
);
