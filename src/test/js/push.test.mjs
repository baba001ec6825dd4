// The web app's service worker in Debian's Chromium: a push delivered through the DevTools
// Protocol (ServiceWorker.deliverPushMessage, which needs no push service) shows one notification
// per notification id, and a click opens the right timeline in the open window.
/* global self, NotificationEvent -- in the function handed to worker.evaluate, which runs in the
   service worker */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { WAIT, launch, signedIn } from './browser.mjs';
import { SERVER, unique } from './support.mjs';

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

/**
 * The app's service worker registration, as the DevTools Protocol names it, once its worker is
 * activated: `navigator.serviceWorker.ready` already resolves while it is activating, and a push
 * is a functional event, which the worker only takes once activated. `seen` collects the worker's
 * versions and errors as the protocol reports them, for failure messages.
 */
async function registrationOf(cdp, seen) {
  const status = new Map(); // version id: its registration and status, as last reported
  const registered = new Promise((resolve) => {
    const resolveOnceActivated = () => {
      for (const v of status.values()) {
        if (v.registrationId === seen.registrationId && v.status === 'activated') {
          resolve(v.registrationId);
        }
      }
    };
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const active = registrations.find((r) => r.scopeURL === `${SERVER}/` && !r.isDeleted);
      if (active) seen.registrationId = active.registrationId;
      resolveOnceActivated();
    });
    cdp.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
      for (const v of versions) {
        status.set(v.versionId, v);
        seen.versions.push(`${v.versionId} ${v.status} ${v.runningStatus}`);
      }
      resolveOnceActivated();
    });
    cdp.on('ServiceWorker.workerErrorReported', ({ errorMessage }) => {
      seen.errors.push(
        `${errorMessage.errorMessage} (${errorMessage.sourceURL}:${errorMessage.lineNumber})`,
      );
    });
  });
  await cdp.send('ServiceWorker.enable');
  return registered;
}

function message(id, actor, author, title = `${actor} mentioned you`) {
  return JSON.stringify({
    notification: {
      id,
      type: 'mention',
      actor,
      post: { id: '9', author, text: `hi @someone from ${actor}` },
      createdAt: new Date().toISOString(),
    },
    title,
    body: `hi @someone from ${actor}`,
  });
}

/** The notifications the worker shows now: tag and title of each. */
function shown(page) {
  return page.evaluate(async () => {
    const registration = await navigator.serviceWorker.ready;
    const all = await registration.getNotifications();
    return all.map((n) => ({ tag: n.tag, title: n.title, feed: n.data?.feed }));
  });
}

async function until(page, condition, what, seen) {
  const deadline = Date.now() + WAIT;
  for (;;) {
    const value = await shown(page);
    if (condition(value)) return value;
    if (Date.now() > deadline) {
      assert.fail(`${what}: ${JSON.stringify(value)}; the worker: ${JSON.stringify(seen)}`);
    }
    await page.waitForTimeout(100);
  }
}

test('a push shows one notification per id, and a click opens its timeline', async () => {
  const alice = unique('alice');
  const bob = unique('bob');
  const app = await signedIn(browser, alice);
  try {
    await app.context.grantPermissions(['notifications'], { origin: SERVER });
    await app.page.evaluate(() => navigator.serviceWorker.ready);
    const cdp = await app.context.newCDPSession(app.page);
    const seen = { registrationId: null, versions: [], errors: [] };
    const registrationId = await registrationOf(cdp, seen);
    const deliver = (data) =>
      cdp.send('ServiceWorker.deliverPushMessage', { origin: SERVER, registrationId, data });

    // Each push is delivered once the one before it shows, so the test sees what each did. (Three
    // delivered at once left the third unshown in one run of five in headless Chromium, with
    // nothing in the worker that they share.)
    await deliver(message('41', bob, bob));
    await until(app.page, (all) => all.length === 1, 'the first notification', seen);
    const again = `${bob} mentioned you again`;
    await deliver(message('41', bob, bob, again)); // the same notification pushed again
    await until(
      app.page,
      (all) => all.length === 1 && all[0].title === again,
      'the same id pushed again replaces its notification',
      seen,
    );
    await deliver(message('42', 'carol', alice));
    const notifications = await until(
      app.page,
      (all) => all.length === 2,
      'two notifications, one per id',
      seen,
    );
    assert.deepEqual(notifications.map((n) => n.tag).sort(), [
      'notification-41',
      'notification-42',
    ]);
    assert.equal(notifications.find((n) => n.tag === 'notification-41').title, again);

    // A click on a system notification cannot be made from a test: the worker gets the same
    // notificationclick event, for the notification it shows, dispatched in its own scope.
    const [worker] = app.context.serviceWorkers();
    assert.ok(worker, 'the app registered its service worker');
    const closed = await worker.evaluate(async (tag) => {
      const [shownOne] = await self.registration.getNotifications({ tag });
      self.dispatchEvent(new NotificationEvent('notificationclick', { notification: shownOne }));
      return (await self.registration.getNotifications({ tag })).length === 0;
    }, 'notification-41');
    assert.ok(closed, 'the click closes the notification');
    await app.page.getByRole('heading', { name: `user:${bob}`, exact: true }).waitFor({
      timeout: WAIT,
    });
    assert.deepEqual(app.problems, []);
  } finally {
    await app.context.close();
  }
});

test('the app opens the timeline a notification link names', async () => {
  const alice = unique('alice');
  const app = await signedIn(browser, alice);
  try {
    await app.page.goto(`${SERVER}/?feed=${encodeURIComponent('tag:pushed')}`);
    await app.page.getByRole('heading', { name: 'tag:pushed', exact: true }).waitFor({
      timeout: WAIT,
    });
  } finally {
    await app.context.close();
  }
});
