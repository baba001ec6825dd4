// The web app in Debian's Chromium, driven by playwright-core: two people in two browser contexts,
// live posts on home, the SSE fallback with WebSocket blocked, a cut connection, and screenshots.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { SERVER, post, tokenFor, unique } from './support.mjs';

const WAIT = 20000;
let browser;

before(async () => {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
    ],
  });
});

after(async () => {
  await browser?.close();
});

/** A person signed in to the web app in a browser context of their own. */
async function signedIn(user, { blockWebSocket = false, viewport } = {}) {
  const context = await browser.newContext({ viewport: viewport ?? { width: 1100, height: 800 } });
  // Every WebSocket to the stream goes through here: refused while `blocked`, else passed on to
  // the server and kept, so a test can cut them (as a network drop or a draining node does).
  const sockets = { blocked: blockWebSocket, open: new Set() };
  await context.routeWebSocket(/\/api\/v1\/stream(\?|$)/, (ws) => {
    if (sockets.blocked) {
      ws.close();
      return;
    }
    const server = ws.connectToServer();
    sockets.open.add({ ws, server });
  });
  sockets.cut = (code) => {
    for (const { ws, server } of sockets.open) {
      ws.close({ code, reason: 'cut' });
      server.close();
    }
    sockets.open.clear();
  };
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(SERVER + '/');
  await page.getByLabel('User name').fill(user);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'home' }).waitFor({ timeout: WAIT });
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
  return { context, page, problems, sockets };
}

/** The posts' texts in the list, top to bottom, after revealing what is new. */
async function revealAndRead(page, count) {
  await page
    .locator('#new-posts:not([hidden]), #posts li')
    .first()
    .waitFor({ timeout: WAIT });
  await page.waitForFunction(
    (n) => {
      const pending = Number(document.getElementById('new-posts').textContent.match(/\d+/)?.[0] ?? 0);
      return pending + document.querySelectorAll('#posts li').length >= n;
    },
    count,
    { timeout: WAIT },
  );
  if (await page.locator('#new-posts').isVisible()) await page.locator('#new-posts').click();
  return page.locator('#posts li .text').allTextContents();
}

async function follow(page, user) {
  await page.getByLabel('Open a timeline').fill(`user:${user}`);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Follow' }).click();
  await page.locator('#follow[aria-pressed="true"]').waitFor({ timeout: WAIT });
  await page.getByRole('button', { name: 'Home' }).click();
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
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
      await reader.page.getByRole('button', { name: /Show 3 new posts/ }).waitFor({ timeout: WAIT });
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
    await reader.page.getByLabel('Open a timeline').fill(`tag:${tag}`);
    await reader.page.getByRole('button', { name: 'Open', exact: true }).click();
    await reader.page.getByRole('heading', { name: `tag:${tag}` }).waitFor({ timeout: WAIT });
    await reader.page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
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
]) {
test(`posts made while ${why} all show after reconnecting, once, in order`, async () => {
  const tag = unique('c').toLowerCase();
  const author = await tokenFor(unique('steady'));
  const reader = await signedIn(unique('commuter'));
  try {
    await reader.page.getByLabel('Open a timeline').fill(`tag:${tag}`);
    await reader.page.getByRole('button', { name: 'Open', exact: true }).click();
    await reader.page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
    await post(author, 'one', [tag]);
    assert.deepEqual(await revealAndRead(reader.page, 1), ['one']);

    // The network goes: the open WebSocket is cut, new ones and HTTP fail until it is back.
    await reader.context.setOffline(true);
    reader.sockets.blocked = true;
    reader.sockets.cut(code);
    await reader.page.locator('#connection:not([data-state="connected"])').waitFor({ timeout: WAIT });
    for (const text of ['two', 'three', 'four']) await post(author, text, [tag]);
    reader.sockets.blocked = false;
    await reader.context.setOffline(false);
    await reader.page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
    await post(author, 'five', [tag]);
    assert.deepEqual(await revealAndRead(reader.page, 5), ['five', 'four', 'three', 'two', 'one']);
    assert.deepEqual(reader.problems, []);
  } finally {
    await reader.context.close();
  }
});
}
