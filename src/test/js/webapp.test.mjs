// The web app in Debian's Chromium, driven by playwright-core: two people in two browser contexts,
// live posts on home, the SSE fallback with WebSocket blocked, a cut connection, read markers shared
// by two windows, use by keyboard alone, retries when the browser is back, screenshots, failures
// told to the person, editing, the focus on a timeline that opens, and likes across a reload.
/* global document, window, getComputedStyle -- in the functions handed to page.evaluate and
   page.waitForFunction, which run in the page */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import {
  WAIT,
  connected,
  launch,
  openApp,
  openFeed,
  revealAndRead,
  signedIn as signedInAs,
} from './browser.mjs';
import { SERVER, post, tokenFor, unique } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

const signedIn = (user, options) => signedInAs(browser, user, options);

async function follow(page, user) {
  await page.getByLabel('Open a timeline').fill(`user:${user}`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Follow' }).click();
  await page.locator('#follow[aria-pressed="true"]').waitFor({ timeout: WAIT });
  await page.getByRole('button', { name: 'Home' }).click();
  await connected(page);
}

test('a followed person posts and the home timeline shows it live', async () => {
  const alice = unique('alice');
  const bob = unique('bob');
  const reader = await signedIn(alice);
  const writer = await signedIn(bob);
  try {
    await follow(reader.page, bob);
    await writer.page.getByLabel("What's new?").fill('Hello from the other browser');
    await writer.page.getByLabel('Tags').fill('live');
    await writer.page.getByRole('button', { name: 'Post', exact: true }).click();
    // The writer's own post shows once, whether its event or the POST's answer came first.
    await writer.page.locator('#posts li').first().waitFor({ timeout: WAIT });
    assert.deepEqual(await revealAndRead(writer.page, 1), ['Hello from the other browser']);

    await reader.page.getByRole('button', { name: 'Show 1 new post' }).waitFor({ timeout: WAIT });
    assert.deepEqual(await revealAndRead(reader.page, 1), ['Hello from the other browser']);
    assert.equal(await reader.page.locator('#connection').textContent(), 'live (websocket)');

    // Screenshots for the README, at desktop and phone width.
    const docs = process.env.FEEDLINE_DOCS;
    if (docs) {
      for (let i = 0; i < 3; i++) await post(await tokenFor(bob), `Post number ${i} #feeds`);
      await reader.page
        .getByRole('button', { name: /Show 3 new posts/ })
        .waitFor({ timeout: WAIT });
      await reader.page.screenshot({ path: path.join(docs, 'webapp-desktop.png') });
      await reader.page.setViewportSize({ width: 390, height: 780 });
      await reader.page.locator('#new-posts').click();
      await reader.page.screenshot({ path: path.join(docs, 'webapp-phone.png') });
    }
    assert.deepEqual([...reader.problems, ...writer.problems], []);
  } finally {
    await reader.context.close();
    await writer.context.close();
  }
});

test('with WebSocket blocked the app falls back to SSE and stays live', async () => {
  const tag = unique('b').toLowerCase();
  const author = await tokenFor(unique('author'));
  const reader = await signedIn(unique('walled'), { blockWebSocket: true });
  try {
    assert.equal(await reader.page.locator('#connection').textContent(), 'live (sse)');
    await openFeed(reader.page, `tag:${tag}`);
    await post(author, 'through the fallback', [tag]);
    assert.deepEqual(await revealAndRead(reader.page, 1), ['through the fallback']);
    assert.deepEqual(reader.problems, []);
  } finally {
    await reader.context.close();
  }
});

for (const [why, code] of [
  ['the connection is cut', 4000],
  ['the node drains (1001)', 1001],
  ['the node finds it too slow (4008)', 4008],
]) {
  test(`posts made while ${why} all show after reconnecting, once, in order`, async () => {
    const tag = unique('c').toLowerCase();
    const author = await tokenFor(unique('steady'));
    const reader = await signedIn(unique('commuter'));
    try {
      await openFeed(reader.page, `tag:${tag}`);
      await post(author, 'one', [tag]);
      assert.deepEqual(await revealAndRead(reader.page, 1), ['one']);

      // The network goes: the open WebSocket is cut, new ones and HTTP fail until it is back.
      await reader.context.setOffline(true);
      reader.sockets.blocked = true;
      reader.sockets.cut(code);
      await reader.page
        .locator('#connection:not([data-state="connected"])')
        .waitFor({ timeout: WAIT });
      for (const text of ['two', 'three', 'four']) await post(author, text, [tag]);
      reader.sockets.blocked = false;
      await reader.context.setOffline(false);
      await connected(reader.page);
      await post(author, 'five', [tag]);
      assert.deepEqual(await revealAndRead(reader.page, 5), [
        'five',
        'four',
        'three',
        'two',
        'one',
      ]);
      assert.deepEqual(reader.problems, []);
    } finally {
      await reader.context.close();
    }
  });
}

test('read markers: reading moves them, another window of the same person follows live', async () => {
  const tag = unique('m').toLowerCase();
  const feed = `tag:${tag}`;
  const author = await tokenFor(unique('writer'));
  const user = unique('reader');
  for (const text of ['first', 'second']) await post(author, text, [tag]);
  const phone = await signedIn(user);
  const laptop = await signedIn(user);
  const unread = (w, n) => w.page.locator(`#unread[data-unread="${n}"]`).waitFor({ timeout: WAIT });
  try {
    // The top of the timeline in view reads it, in both windows.
    for (const w of [phone, laptop]) {
      await openFeed(w.page, feed);
      await unread(w, 0);
      assert.equal(await w.page.locator('#unread').textContent(), 'All read');
    }
    // New posts wait behind "Show 2 new posts" and count as unread in both windows.
    for (const text of ['third', 'fourth']) await post(author, text, [tag]);
    for (const w of [phone, laptop]) {
      await w.page.getByRole('button', { name: 'Show 2 new posts' }).waitFor({ timeout: WAIT });
      await unread(w, 2);
      assert.equal(await w.page.locator('#unread').textContent(), '2 unread');
    }
    // Read on the phone: the laptop's count follows live, though it has not shown them itself.
    await phone.page.getByRole('button', { name: 'Show 2 new posts' }).click();
    await unread(phone, 0);
    await unread(laptop, 0);
    assert.ok(await laptop.page.getByRole('button', { name: 'Show 2 new posts' }).isVisible());

    // Away from the feed, three more posts; back on it, the laptop says what is new, then reads it.
    await laptop.page.getByRole('button', { name: 'Public' }).click();
    await laptop.page.getByRole('heading', { name: 'public' }).waitFor({ timeout: WAIT });
    for (const text of ['fifth', 'sixth', 'seventh']) await post(author, text, [tag]);
    // The phone, still on the feed, counts them; the laptop learns them from the service.
    await unread(phone, 3);
    await openFeed(laptop.page, feed, { live: false });
    await unread(laptop, 3);
    await unread(laptop, 0);
    await unread(phone, 0);
    assert.deepEqual(await laptop.page.locator('#posts li .text').allTextContents(), [
      'seventh',
      'sixth',
      'fifth',
      'fourth',
      'third',
      'second',
      'first',
    ]);
    assert.deepEqual([...phone.problems, ...laptop.problems], []);
  } finally {
    await phone.context.close();
    await laptop.context.close();
  }
});

test('usable by keyboard alone: sign in, post, reveal new posts, like', async () => {
  const app = await openApp(browser);
  const author = await tokenFor(unique('other'));
  const tag = unique('k').toLowerCase();
  /** Presses Tab until the focused element is `name`'s control (a bounded number of times). */
  async function tabTo(name) {
    for (let i = 0; i < 40; i++) {
      await app.page.keyboard.press('Tab');
      const focused = await app.page.evaluate(() => {
        const e = document.activeElement;
        const label = e.labels?.[0]?.textContent ?? e.getAttribute('aria-label') ?? e.textContent;
        return { label: label.trim(), outline: getComputedStyle(e).outlineStyle };
      });
      if (focused.label === name) {
        assert.notEqual(focused.outline, 'none', `${name} shows where the focus is`);
        return;
      }
    }
    assert.fail(`no control named ${name} within 40 presses of Tab`);
  }
  try {
    await tabTo('User name');
    await app.page.keyboard.type(unique('keys'));
    await app.page.keyboard.press('Enter');
    await connected(app.page);
    await tabTo('Open a timeline (user:name or tag:word)');
    await app.page.keyboard.type(`tag:${tag}`);
    await app.page.keyboard.press('Enter');
    await app.page.getByRole('heading', { name: `tag:${tag}` }).waitFor({ timeout: WAIT });
    await connected(app.page);
    await tabTo("What's new?");
    await app.page.keyboard.type('typed, not clicked');
    await tabTo('Tags (separated by spaces)');
    await app.page.keyboard.type(tag);
    await tabTo('Post');
    await app.page.keyboard.press('Enter');
    await app.page.locator('#posts li').first().waitFor({ timeout: WAIT });

    await post(author, 'from someone else', [tag]);
    await tabTo('Show 1 new post');
    await app.page.keyboard.press('Enter');
    // Revealing moves the focus to the newest post, so a screen reader reads it next.
    assert.equal(
      await app.page.evaluate(
        () => document.activeElement.closest('li')?.querySelector('.text')?.textContent,
      ),
      'from someone else',
    );
    await tabTo('Like');
    await app.page.keyboard.press('Space');
    await app.page
      .locator('#posts li')
      .first()
      .locator('button[aria-pressed="true"]', { hasText: 'Like' })
      .waitFor({ timeout: WAIT });
    await app.page
      .locator('#posts li')
      .first()
      .locator('.likes', { hasText: '1 like' })
      .waitFor({ timeout: WAIT });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('the library retries at once when the browser is back online or the page visible again', async () => {
  const app = await signedIn(unique('wanderer'));
  try {
    // A second connection in the page whose backoff timer never fires: only the browser's own
    // signals can bring it back.
    await app.page.evaluate(async () => {
      const { Feedline } = await import('/client/feedline.js');
      const probe = { states: [], retries: 0 };
      const feedline = new Feedline({
        token: async () => sessionStorage.getItem('feedline.token'),
        timers: { setTimeout: () => ++probe.retries, clearTimeout() {} },
      });
      feedline.on('state', (s) => probe.states.push(s));
      feedline.subscribe('public');
      window.probe = Object.assign(probe, { feedline });
    });
    const state = (s) =>
      app.page.waitForFunction((s) => window.probe.feedline.state === s, s, { timeout: WAIT });
    await state('connected');

    await app.context.setOffline(true);
    app.sockets.cut(4000);
    await app.page.waitForFunction(() => window.probe.retries > 0, null, { timeout: WAIT });
    await state('disconnected');
    await app.context.setOffline(false); // the browser fires 'online'
    await state('connected');

    const before = await app.page.evaluate(() => window.probe.retries);
    app.sockets.cut(4000);
    await app.page.waitForFunction((n) => window.probe.retries > n, before, { timeout: WAIT });
    await state('disconnected');
    await app.page.evaluate(() => document.dispatchEvent(new Event('visibilitychange')));
    await state('connected');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('notifications: a like and a reply show live, counted in both windows of the person', async () => {
  const aliceName = unique('alice');
  const alice = await tokenFor(aliceName);
  const bob = await tokenFor(unique('bob'));
  const mine = await post(alice, 'notice me');
  const phone = await signedIn(aliceName);
  const laptop = await signedIn(aliceName);
  const count = (w, n) =>
    w.page
      .locator(`#notification-count[data-unread="${n}"]`)
      .waitFor({ state: 'attached', timeout: WAIT });
  const as = (token, method, path, body) =>
    fetch(SERVER + path, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    }).then((r) => (r.ok ? r.text() : Promise.reject(new Error(`${path}: ${r.status}`))));
  try {
    for (const w of [phone, laptop]) {
      await w.page.locator('#open-notifications[data-live="true"]').waitFor({ timeout: WAIT });
      await count(w, 0);
    }
    await as(bob, 'PUT', `/api/v1/posts/${mine.id}/like`);
    for (const w of [phone, laptop]) await count(w, 1);
    const reply = JSON.parse(
      await as(bob, 'POST', '/api/v1/posts', { text: `@${aliceName} seen it`, inReplyTo: mine.id }),
    );
    for (const w of [phone, laptop]) {
      await count(w, 2);
      assert.equal(await w.page.locator('#notification-count').textContent(), '2');
    }

    // Opening the list on the phone reads it; the laptop's count follows live.
    await phone.page.getByRole('button', { name: /^Notifications/ }).click();
    await phone.page.locator('#notifications[data-loaded]').waitFor({ timeout: WAIT });
    // Newest first.
    const headers = await phone.page.locator('#notifications li header').allTextContents();
    assert.ok(headers[0].startsWith(`@${reply.author} replied to your post`), headers[0]);
    assert.ok(headers[1].startsWith(`@${reply.author} liked your post`), headers[1]);
    assert.deepEqual(await phone.page.locator('#notifications li .text').allTextContents(), [
      `@${aliceName} seen it`,
      'notice me',
    ]);
    await count(phone, 0);
    await count(laptop, 0);

    // A new one arrives live in the open list.
    await as(bob, 'PUT', `/api/v1/following/${aliceName}`);
    await phone.page.locator('#notifications li[data-type="follow"]').waitFor({ timeout: WAIT });

    // The reply shows its parent, and the mention is a link to that person's timeline.
    await openFeed(laptop.page, `user:${reply.author}`);
    const shown = laptop.page.locator(`#post-${reply.id}`);
    await shown.locator('.in-reply-to', { hasText: 'notice me' }).waitFor({ timeout: WAIT });
    await shown.getByRole('link', { name: `@${aliceName}` }).click();
    await laptop.page
      .getByRole('heading', { name: `user:${aliceName}` })
      .waitFor({ timeout: WAIT });
    assert.deepEqual([...phone.problems, ...laptop.problems], []);
  } finally {
    await phone.context.close();
    await laptop.context.close();
  }
});

/** Answers `method` requests to `url` (a glob) with the service's 503 body carrying `message`. */
async function failing(page, method, url, message) {
  await page.route(url, (route) =>
    route.request().method() === method
      ? route.fulfill({
          status: 503,
          contentType: 'application/json',
          body: JSON.stringify({ error: 'unavailable', message }),
        })
      : route.fallback(),
  );
}

/** An alert the page shows the person, holding `text`. */
function alertWith(page, text) {
  return page.getByRole('alert').filter({ hasText: text }).waitFor({ timeout: WAIT });
}

test('a like or follow that fails is shown to the person, and its button keeps its state', async () => {
  const bob = unique('bob');
  const his = await post(await tokenFor(bob), 'like me if you can');
  const app = await signedIn(unique('alice'));
  try {
    await openFeed(app.page, `user:${bob}`);
    await failing(
      app.page,
      'PUT',
      `**/api/v1/posts/${his.id}/like`,
      'Likes are down for this test.',
    );
    await failing(app.page, 'PUT', `**/api/v1/following/${bob}`, 'Follows are down for this test.');

    const like = app.page
      .locator(`#post-${his.id}`)
      .getByRole('button', { name: 'Like', exact: true });
    await like.click();
    await alertWith(app.page, 'Likes are down for this test.');
    assert.equal(await like.getAttribute('aria-pressed'), 'false');

    await app.page.getByRole('button', { name: 'Follow', exact: true }).click();
    await alertWith(app.page, 'Follows are down for this test.');
    assert.equal(await app.page.locator('#follow').getAttribute('aria-pressed'), 'false');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('a timeline shows its posts, and says so, when whom you follow cannot be read', async () => {
  const bob = unique('bob');
  const his = await post(await tokenFor(bob), 'readable all the same');
  const app = await signedIn(unique('alice'));
  try {
    await failing(app.page, 'GET', '**/api/v1/following', 'Follows are down for this test.');
    await openFeed(app.page, `user:${bob}`);
    await app.page
      .locator(`#post-${his.id} .text`, { hasText: 'readable all the same' })
      .waitFor({ timeout: WAIT });
    await alertWith(app.page, 'Follows are down for this test.');
    assert.ok(await app.page.locator('#follow').isHidden(), 'no Follow button in an unknown state');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('editing a post: Cancel puts its text back, and Edit then edits it again', async () => {
  const name = unique('editor');
  const mine = await post(await tokenFor(name), 'as first written');
  const app = await signedIn(name);
  try {
    await openFeed(app.page, `user:${name}`);
    const item = app.page.locator(`#post-${mine.id}`);
    const edit = item.getByRole('button', { name: 'Edit', exact: true });
    const editor = item.getByRole('textbox', { name: 'Edit the post' });
    await edit.click();
    await editor.fill('a change I do not want');
    await item.getByRole('button', { name: 'Cancel', exact: true }).click();
    await editor.waitFor({ state: 'detached', timeout: WAIT });
    assert.equal(await item.locator('.text').textContent(), 'as first written');
    // The focus goes back to the button that opened the form.
    await app.page.waitForFunction(
      (id) =>
        document.activeElement?.closest(`#post-${id}`) &&
        document.activeElement.textContent === 'Edit',
      mine.id,
      { timeout: WAIT },
    );

    await edit.click();
    assert.equal(await editor.inputValue({ timeout: WAIT }), 'as first written');
    await editor.fill('as rewritten');
    await item.getByRole('button', { name: 'Save', exact: true }).click();
    await item.locator('.text', { hasText: 'as rewritten' }).waitFor({ timeout: WAIT });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('a second click on Edit while editing keeps the one form and throws nothing', async () => {
  const name = unique('editor');
  const mine = await post(await tokenFor(name), 'edit me once');
  const app = await signedIn(name);
  try {
    await openFeed(app.page, `user:${name}`);
    const item = app.page.locator(`#post-${mine.id}`);
    const edit = item.getByRole('button', { name: 'Edit', exact: true });
    await edit.click();
    await item.getByRole('textbox', { name: 'Edit the post' }).waitFor({ timeout: WAIT });
    await edit.click();
    // The open form stays, and the focus goes back into it.
    await app.page.waitForFunction(
      (id) => document.activeElement === document.querySelector(`#post-${id} form.edit textarea`),
      mine.id,
      { timeout: WAIT },
    );
    assert.equal(await item.locator('form.edit').count(), 1);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('opening a timeline moves the keyboard focus to its heading', async () => {
  const tagger = unique('tagger');
  const tag = unique('f').toLowerCase();
  const tagged = await post(await tokenFor(tagger), 'a tagged post', [tag]);
  const app = await signedIn(unique('keyboard'));
  const focusOn = (name) =>
    app.page.waitForFunction(
      (name) => {
        const e = document.activeElement;
        return e?.id === 'feed-title' && e.textContent === name && e.tabIndex === -1;
      },
      name,
      { timeout: WAIT },
    );
  try {
    await app.page.getByRole('button', { name: 'Public', exact: true }).focus();
    await app.page.keyboard.press('Enter');
    await focusOn('public');

    await openFeed(app.page, `user:${tagger}`);
    await focusOn(`user:${tagger}`);
    // A post's tag opens its timeline: the button leaves with the list, the focus must not.
    await app.page
      .locator(`#post-${tagged.id}`)
      .getByRole('button', { name: `Open tag ${tag}` })
      .focus();
    await app.page.keyboard.press('Enter');
    await focusOn(`tag:${tag}`);
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('a post liked before a reload still shows as liked, and a click takes the like back', async () => {
  const bob = unique('bob');
  const his = await post(await tokenFor(bob), 'liked once, remembered');
  const app = await signedIn(unique('alice'));
  try {
    await openFeed(app.page, `user:${bob}`);
    const item = app.page.locator(`#post-${his.id}`);
    const like = item.getByRole('button', { name: 'Like', exact: true });
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    await like.click();
    await item
      .locator('button[aria-pressed="true"]', { hasText: 'Like' })
      .waitFor({ timeout: WAIT });
    await item.locator('.likes', { hasText: '1 like' }).waitFor({ timeout: WAIT });

    await app.page.reload();
    await app.page.getByRole('heading', { name: 'home' }).waitFor({ timeout: WAIT });
    await connected(app.page);
    await openFeed(app.page, `user:${bob}`);
    await item.locator('.likes', { hasText: '1 like' }).waitFor({ timeout: WAIT });
    assert.equal(await like.getAttribute('aria-pressed'), 'true', 'the page says she likes it');

    await like.click();
    await item.locator('.likes', { hasText: '0 likes' }).waitFor({ timeout: WAIT });
    assert.equal(await like.getAttribute('aria-pressed'), 'false');
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});
