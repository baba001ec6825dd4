-- Indexes for statements whose cost otherwise grows with the size of a table.

-- A post's tags by post: stamping a new post's tags, an edit replacing them, and the cascade of a
-- post's delete. The primary key (tag, post_id) serves only lookups by tag, so each of these read
-- the whole tag table.
create index post_tags_post on post_tags (post_id);

-- A person's follow changes since a position, which a home resume reads: without it, every event
-- after the position (up to the whole retained history) was read and filtered by actor.
create index events_actor on events (actor, id);
