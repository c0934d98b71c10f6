-- The bot, part 2 (PostgreSQL). Run-time bot settings live in `settings`
-- (key `bot`, the whole policy as JSON; the table is in 0001).

-- JSON array of tags an agent gave the contact (`vip` makes a VIP).
ALTER TABLE contacts ADD COLUMN tags TEXT NOT NULL DEFAULT '[]';

-- The buyer's rating of a conversation: 1 to 5 stars and an optional comment.
ALTER TABLE conversations ADD COLUMN rating_stars BIGINT;
ALTER TABLE conversations ADD COLUMN rating_comment TEXT;
ALTER TABLE conversations ADD COLUMN rated_at BIGINT;
