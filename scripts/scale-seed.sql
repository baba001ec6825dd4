-- The data set of the data-scale benchmark (scripts/scale-bench.sh), made inside PostgreSQL with
-- generate_series: :posts posts by 50,000 ordinary authors, ten very active ones (every tenth post)
-- and three quiet ones (two old posts each); a tag on every other post (1,000 tags); 20,000 people
-- following 100 ordinary authors each; and the people whose home pages are measured:
--   nobody   follows no one            quiet    follows the three quiet authors
--   f200     follows 200 authors       f2000    follows 2,000 authors
--   fhot     follows the ten very active authors
--   f10000   follows 10,000 authors (beyond the issue's kinds, to see where the cost goes)
-- The event log holds the newest :history post.created events, as a node keeping that many would.
-- Run on the schema Flyway made, before the node serves: psql -v posts=N -v history=M -f ...
\set ON_ERROR_STOP on
set maintenance_work_mem = '512MB';
begin;
-- Secondary indexes are dropped for the load and made again from their own definitions after it
-- (an index built once is far faster than millions of random inserts into it).
create temp table seed_indexes on commit drop as
  select indexname, indexdef from pg_indexes
  where schemaname = current_schema() and indexname not like '%\_pkey'
    and tablename in ('posts', 'post_tags', 'events', 'follows', 'markers', 'likes');
select format('drop index %I', indexname) from seed_indexes \gexec
insert into posts (id, author, text, tags, explicit_tags, created_at, likes, created_event)
select i,
       case when i <= 6 then 'quiet' || ((i - 1) / 2 + 1)
            when i % 10 = 0 then 'hot' || ((i / 10) % 10 + 1)
            else 'u' || (1 + abs(hashint8(i)) % 50000) end,
       'Post number ' || i || ' of the data-scale benchmark, about as long as a short post is.',
       case when i % 2 = 0 then 't' || ((i / 2) % 1000) else '' end,
       case when i % 2 = 0 then 't' || ((i / 2) % 1000) else '' end,
       now() - (:posts - i) * interval '1 second', 0, i
from generate_series(1::bigint, :posts) i;
insert into post_tags (post_id, tag, created_event)
select i, 't' || ((i / 2) % 1000), i from generate_series(2::bigint, :posts, 2) i;
select setval(pg_get_serial_sequence('posts', 'id'), :posts);
update event_counter set last_id = :posts where id = 1;
insert into events (id, type, post_id, actor, subject, tags, data, created_at)
select p.id, 'post.created', p.id, p.author, null, p.tags,
       json_build_object('id', p.id::text, 'author', p.author, 'text', p.text,
         'tags', case when p.tags = '' then '[]'::json else json_build_array(p.tags) end,
         'createdAt', p.created_at, 'editedAt', null, 'likes', 0)::text,
       p.created_at
from posts p where p.id > :posts - :history;
insert into follows (follower, followee, created_at)
select 'r' || k, 'u' || (1 + ((k * 977 + j * 499) % 50000)), now()
from generate_series(1, 20000) k, generate_series(0, 99) j;
insert into follows (follower, followee, created_at)
select 'quiet', 'quiet' || j, now() from generate_series(1, 3) j
union all select 'f200', 'u' || (1 + j * 250), now() from generate_series(0, 199) j
union all select 'f2000', 'u' || (1 + j * 25), now() from generate_series(0, 1999) j
union all select 'fhot', 'hot' || j, now() from generate_series(1, 10) j
union all select 'f10000', 'u' || (1 + j * 5), now() from generate_series(0, 9999) j;
-- Read markers a little behind, so unread counts have something to count (up to the cap).
insert into markers (user_id, feed, position, updated_at)
select who, feed, greatest(0, :posts - back), now()
from unnest(array['nobody', 'quiet', 'f200', 'f2000', 'fhot', 'f10000']) who,
     (values ('home', 2000), ('public', 500), ('tag:t7', 20000), ('user:hot1', 3000)) m(feed, back);
select indexdef from seed_indexes \gexec
commit;
vacuum analyze;
