// The library against a running Feedline: resume across drops and a change of transport, reset,
// and a rejected token. FEEDLINE_URL names the server (the integration tests' own in the build).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Feedline } from '../../main/webapp/client/feedline.js';
import {
  SERVER,
  assertIncreasing,
  collect,
  page,
  post,
  postIds,
  proxy,
  tokenFor,
  unique,
  until,
} from './support.mjs';

const fast = { minDelay: 50, maxDelay: 400 };

test('the service serves the library and its types', async () => {
  const js = await fetch(new URL('/client/feedline.js', SERVER));
  assert.equal(js.status, 200);
  assert.match(js.headers.get('content-type'), /javascript/);
  assert.match(await js.text(), /export class Feedline/);
  const types = await fetch(new URL('/client/feedline.d.ts', SERVER));
  assert.equal(types.status, 200);
});

test('a forced drop resumes from the last delivered event: each post once, in order', async () => {
  const author = await tokenFor(unique('drop'));
  const tag = unique('d').toLowerCase();
  const through = await proxy();
  const feedline = new Feedline({ url: through.url, token: async () => author, ...fast });
  try {
    const seen = collect(feedline.subscribe(`tag:${tag}`));
    await until(() => seen.subscribed.length === 1, 'subscribed');
    assert.equal(feedline.transport, 'websocket');
    const sent = [];
    for (let i = 0; i < 3; i++) sent.push((await post(author, `before ${i}`, [tag])).id);
    await until(() => seen.events.length === 3, 'three live posts');

    through.refuse = true;
    through.cut();
    await until(() => feedline.state === 'disconnected', 'the drop noticed');
    for (let i = 0; i < 4; i++) sent.push((await post(author, `while away ${i}`, [tag])).id);
    through.refuse = false;
    await until(() => seen.events.length >= 7, 'the missed posts after reconnecting');
    sent.push((await post(author, 'after', [tag])).id);
    await until(() => seen.events.length >= 8, 'a live post after the resume');

    assert.deepEqual(postIds(seen.events), sent);
    assertIncreasing(assert, seen.events);
    assert.equal(seen.subscribed.length, 2, 'subscribed again on the new connection');
  } finally {
    feedline.close();
    await through.close();
  }
});

test('a change of transport (WebSocket blocked) resumes over SSE without a gap or duplicate', async () => {
  const author = await tokenFor(unique('switch'));
  const reader = await tokenFor(unique('reader'));
  const tag = unique('s').toLowerCase();
  const through = await proxy();
  const states = [];
  const feedline = new Feedline({ url: through.url, token: async () => reader, ...fast });
  feedline.on('state', (s) => states.push(s));
  try {
    const seen = collect(feedline.subscribe(`tag:${tag}`));
    await until(() => seen.subscribed.length === 1, 'subscribed');
    const sent = [];
    for (let i = 0; i < 2; i++) sent.push((await post(author, `ws ${i}`, [tag])).id);
    await until(() => seen.events.length === 2, 'two posts over WebSocket');

    through.blockWebSocket = true;
    through.cut();
    for (let i = 0; i < 3; i++) sent.push((await post(author, `gap ${i}`, [tag])).id);
    await until(() => feedline.transport === 'sse', 'the fallback to SSE');
    await until(() => seen.events.length >= 5, 'the posts of the gap over SSE');
    assert.ok(through.webSocketsRefused >= 2, 'two WebSocket attempts before SSE');
    for (let i = 0; i < 2; i++) sent.push((await post(author, `sse ${i}`, [tag])).id);
    await until(() => seen.events.length >= 7, 'live posts over SSE');
    assert.equal(feedline.state, 'connected');

    assert.deepEqual(postIds(seen.events), sent);
    assertIncreasing(assert, seen.events);
    assert.ok(states.includes('disconnected') && states.at(-1) === 'connected', states.join());
  } finally {
    feedline.close();
    await through.close();
  }
});

test('SSE alone: since from a page, a drop, and a second feed added live', async () => {
  const user = unique('sse');
  const author = await tokenFor(user);
  const tag = unique('p').toLowerCase();
  const first = (await post(author, 'on the page', [tag])).id;
  const { position, posts } = await page(`tag:${tag}`);
  assert.equal(posts[0].id, first);
  const through = await proxy();
  const feedline = new Feedline({
    url: through.url,
    token: async () => author,
    transports: 'sse',
    ...fast,
  });
  try {
    const tagged = collect(feedline.subscribe(`tag:${tag}`, { since: position }));
    await until(() => tagged.subscribed.length === 1, 'subscribed');
    assert.equal(feedline.transport, 'sse');
    const sent = [(await post(author, 'one', [tag])).id];
    await until(() => tagged.events.length === 1, 'a live post');
    const own = collect(feedline.subscribe(`user:${user}`));
    await until(() => own.subscribed.length === 1, 'the second feed subscribed');
    sent.push((await post(author, 'two', [tag])).id);
    await until(() => tagged.events.length === 2 && own.events.length === 1, 'on both feeds');
    through.cut();
    sent.push((await post(author, 'three', [tag])).id);
    await until(() => tagged.events.length === 3 && own.events.length === 2, 'resumed');
    assert.deepEqual(postIds(tagged.events), sent);
    assert.deepEqual(postIds(own.events), sent.slice(1));
  } finally {
    feedline.close();
    await through.close();
  }
});

test('a rejected token is reported once and not retried in a tight loop', async () => {
  const errors = [];
  const retries = [];
  let asked = 0;
  const feedline = new Feedline({
    url: SERVER,
    token: async () => {
      asked++;
      return 'not.a.token';
    },
    // The clock never fires: what matters is what the library schedules.
    timers: { setTimeout: () => ({}), clearTimeout() {} },
  });
  feedline.on('error', (e) => errors.push(e));
  feedline.on('retry', (r) => retries.push(r));
  try {
    const sub = collect(feedline.subscribe('public'));
    // Usually at once; but when the subscribe frame crosses the server's close, the socket's
    // closing handshake can take Node's WebSocket 30 s to finish before it reports the close.
    await until(() => retries.length > 0, 'a retry scheduled', 45000);
    assert.equal(errors.length, 1, JSON.stringify(errors));
    assert.equal(errors[0].code, 1008);
    assert.equal(sub.errors.length, 1, 'the subscription hears of it too');
    assert.equal(retries.length, 1);
    assert.equal(retries[0].delay, 20000, 'the next attempt waits the longest delay');
    assert.equal(asked, 1);
    assert.equal(feedline.transport, 'websocket', 'a rejected token is not a blocked WebSocket');
  } finally {
    feedline.close();
  }
});

test('a position older than the retained history is a reset the app handles', async () => {
  const author = await tokenFor(unique('prolific'));
  const tag = unique('r').toLowerCase();
  const { position: old } = await page(`tag:${tag}`);
  await post(author, 'first', [tag]);
  // The integration tests' server keeps 400 events: push the position out of them.
  for (let batch = 0; batch < 42; batch++) {
    await Promise.all(Array.from({ length: 10 }, (_, i) => post(author, `filler ${batch} ${i}`)));
  }
  const feedline = new Feedline({ url: SERVER, token: async () => author, ...fast });
  try {
    // Pruning runs on an interval: until it has, the whole replay (one post) comes instead.
    const reset = await until(
      async () => {
        const sub = feedline.subscribe(`tag:${tag}`, { since: old });
        const seen = collect(sub);
        await until(() => seen.resets.length + seen.events.length > 0, 'reset or replay');
        sub.unsubscribe();
        return seen.resets[0];
      },
      'a reset',
      30000,
    );
    assert.equal(reset.feed, `tag:${tag}`);

    const { position, posts } = await page(`tag:${tag}`);
    assert.equal(posts.length, 1);
    const again = collect(feedline.subscribe(`tag:${tag}`, { since: position }));
    const after = (await post(author, 'after the reset', [tag])).id;
    await until(() => again.events.length === 1, 'live after the reset');
    assert.equal(again.events[0].data.id, after);
  } finally {
    feedline.close();
  }
});
