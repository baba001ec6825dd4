-- Read markers, and what counting a feed's unread posts by index needs.

-- The id of the post.created event of each post: "unread after position P" is "created_event > P",
-- answered from an index range instead of the event log (which is pruned) or the feed's pages.
-- Post ids are not enough: they are handed out at insert, event ids at commit, in another order.
alter table posts add column created_event bigint default 0 not null;

-- A temporary index so that the backfill below reads each post's event directly.
create index events_post_backfill on events (post_id);

-- Posts whose creation event was already pruned keep 0: older than any retained position.
update posts set created_event = coalesce(
  (select min(e.id) from events e where e.post_id = posts.id and e.type = 'post.created'), 0);

drop index events_post_backfill;

-- Repeated on each tag row, so a tag's unread count is one range of (tag, created_event).
alter table post_tags add column created_event bigint default 0 not null;

update post_tags set created_event =
  (select p.created_event from posts p where p.id = post_tags.post_id);

create index posts_created_event on posts (created_event);
create index posts_author_event on posts (author, created_event);
create index post_tags_tag_event on post_tags (tag, created_event);

-- Where each user stopped reading each feed: the id of the last event read (0: nothing read).
create table markers (
  user_id varchar(64) not null,
  feed varchar(80) not null,
  position bigint not null,
  updated_at timestamp with time zone not null,
  primary key (user_id, feed)
);
