// A real drain: the node under test (FEEDLINE_URL) is terminated as Kubernetes stops a pod, so it
// closes every WebSocket with 1001 and ends every SSE stream, while an author keeps posting until
// it stops answering; then the node starts again. The library and the web app resume and show
// every post the store holds, once, in order. FEEDLINE_CONTROL is the test's handle on the node:
// POST /terminate (returns at once) and POST /start (returns when the node serves again).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Feedline } from '../../main/webapp/client/feedline.js';
import { launch, openFeed, revealAndRead, signedIn } from './browser.mjs';
import { SERVER, collect, post, postIds, tokenFor, unique, until } from './support.mjs';

const CONTROL = process.env.FEEDLINE_CONTROL;
const BACK = 60000; // a node's restart, then a backoff of up to 20 s

async function control(action) {
  const response = await fetch(`${CONTROL}/${action}`, { method: 'POST' });
  assert.ok(response.ok, `${action}: ${response.status} ${await response.text()}`);
}

/** Posts until the node stops answering (bounded); returns the posts it answered 201. */
async function postUntilRefused(token, tag) {
  const answered = [];
  for (let i = 0; i < 80; i++) {
    try {
      answered.push(await post(token, `during the drain ${i}`, [tag]));
    } catch {
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return answered;
}

/** What the store holds of the feed, oldest first: a post whose answer was lost may be there too. */
async function stored(tag, token) {
  const response = await fetch(new URL(`/api/v1/feeds/tag:${tag}?limit=100`, SERVER), {
    headers: { Authorization: `Bearer ${token}` },
  });
  assert.equal(response.status, 200);
  return (await response.json()).posts.reverse();
}

let browser;
before(async () => {
  assert.ok(CONTROL, 'FEEDLINE_CONTROL names the node control of ClientDrainIT');
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

// One drain, watched by both: a node's stop and start is most of this test's time.
test('the library and the web app: one real drain, posts meanwhile, every post once, in order, after it', async () => {
  const author = await tokenFor(unique('drained'));
  const tag = unique('d').toLowerCase();
  const watcher = await tokenFor(unique('watcher'));
  const feedline = new Feedline({
    url: SERVER,
    token: async () => watcher,
    minDelay: 100,
    maxDelay: 2000,
  });
  const codes = [];
  feedline.on('retry', (retry) => codes.push(retry.code));
  const reader = await signedIn(browser, unique('patient'));
  try {
    const seen = collect(feedline.subscribe(`tag:${tag}`));
    await until(() => seen.subscribed.length === 1, 'subscribed');
    await openFeed(reader.page, `tag:${tag}`);
    for (let i = 0; i < 3; i++) await post(author, `before ${i}`, [tag]);
    await until(() => seen.events.length === 3, 'three live posts');
    assert.deepEqual(await revealAndRead(reader.page, 3), ['before 2', 'before 1', 'before 0']);

    await control('terminate');
    const during = await postUntilRefused(author, tag);
    await until(() => codes.includes(1001), 'the close 1001 of the drain', BACK);
    await reader.page
      .locator('#connection:not([data-state="connected"])')
      .waitFor({ timeout: BACK });
    await control('start');
    await reader.page.locator('#connection[data-state="connected"]').waitFor({ timeout: BACK });
    for (let i = 0; i < 3; i++) await post(author, `after ${i}`, [tag]);

    const posts = await stored(tag, author);
    const expected = posts.map((p) => p.id);
    assert.ok(expected.length >= 6 + during.length, 'every answered post is stored');
    await until(() => seen.events.length >= expected.length, 'every stored post', BACK);
    assert.deepEqual(postIds(seen.events), expected);
    assert.deepEqual(seen.resets, []);

    const texts = posts.map((p) => p.text).reverse();
    assert.deepEqual(await revealAndRead(reader.page, texts.length), texts);
    assert.deepEqual(reader.problems, []);
  } finally {
    feedline.close();
    await reader.context.close();
  }
});
