// What the browser tests share: Debian's Chromium driven by playwright-core, a person signed in to
// the web app in a browser context of their own, and reading the timeline as a person would.
/* global document -- in the functions handed to page.waitForFunction, which run in the page */
import { chromium } from 'playwright-core';
import { SERVER } from './support.mjs';

export const WAIT = 20000;

export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless=new',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-quic',
    ],
  });
}

/** The web app in a new browser context, not signed in yet; `sockets` as in signedIn. */
export async function openApp(browser, { blockWebSocket = false, viewport } = {}) {
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
    const pair = { ws, server };
    sockets.open.add(pair);
    // A handler of its own replaces Playwright's forwarding of the server's close: pass it on.
    server.onClose((code, reason) => {
      sockets.open.delete(pair);
      ws.close({ code, reason });
    });
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
  return { context, page, problems, sockets };
}

/** A person signed in to the web app, live on home. */
export async function signedIn(browser, user, options) {
  const app = await openApp(browser, options);
  await app.page.getByLabel('User name').fill(user);
  await app.page.getByRole('button', { name: 'Sign in' }).click();
  await app.page.getByRole('heading', { name: 'home' }).waitFor({ timeout: WAIT });
  await connected(app.page);
  return app;
}

export async function connected(page) {
  await page.locator('#connection[data-state="connected"]').waitFor({ timeout: WAIT });
}

/**
 * Opens a timeline by name (user:..., tag:...) and waits until it is live: its page loaded and its
 * subscription confirmed, so a post made from here on arrives as a new post, not in the page.
 * With `{ live: false }` it returns once the timeline's name shows (to catch what the page shows
 * first, such as an unread count that reading soon clears).
 */
export async function openFeed(page, feed, { live = true } = {}) {
  await page.getByLabel('Open a timeline').fill(feed);
  await page.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('heading', { name: feed, exact: true }).waitFor({ timeout: WAIT });
  await connected(page);
  if (live) {
    await page.locator(`#posts[data-live="${feed}"]`).waitFor({ state: 'attached', timeout: WAIT });
  }
}

/** The posts' texts in the list, top to bottom, after revealing what is new. */
export async function revealAndRead(page, count) {
  await page.locator('#new-posts:not([hidden]), #posts li').first().waitFor({ timeout: WAIT });
  await page.waitForFunction(
    (n) => {
      const pending = Number(
        document.getElementById('new-posts').textContent.match(/\d+/)?.[0] ?? 0,
      );
      return pending + document.querySelectorAll('#posts li').length >= n;
    },
    count,
    { timeout: WAIT },
  );
  if (await page.locator('#new-posts').isVisible()) await page.locator('#new-posts').click();
  return page.locator('#posts li .text').allTextContents();
}
