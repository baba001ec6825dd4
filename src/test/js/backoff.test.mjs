// Backoff and transport choice, deterministic: an injected random and an injected clock that only
// records what would be scheduled; the connection attempts go to a port that refuses them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { Feedline, backoffDelay } from '../../main/webapp/client/feedline.js';

test('a delay is within [0, min(20 s, 0.5 s * 2^attempt)]', () => {
  for (let attempt = 0; attempt < 12; attempt++) {
    const cap = Math.min(20000, 500 * 2 ** attempt);
    assert.equal(
      backoffDelay(attempt, () => 0),
      0,
    );
    assert.equal(
      backoffDelay(attempt, () => 0.999999),
      Math.floor(0.999999 * cap),
    );
    for (let i = 0; i < 50; i++) {
      const delay = backoffDelay(attempt);
      assert.ok(delay >= 0 && delay <= cap, `${delay} within [0, ${cap}]`);
    }
  }
  assert.equal(
    backoffDelay(1000, () => 0.5),
    10000,
  );
});

/** A clock whose timers run only when the test says so. */
function manualClock() {
  const pending = [];
  return {
    pending,
    timers: {
      setTimeout(fn, ms) {
        const timer = { fn, ms };
        pending.push(timer);
        return timer;
      },
      clearTimeout(timer) {
        const at = pending.indexOf(timer);
        if (at >= 0) pending.splice(at, 1);
      },
    },
    fire() {
      pending.shift().fn();
    },
  };
}

async function refusingUrl() {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${port}`;
}

test('reconnects back off exponentially, ask token() each time and fall back to SSE', async () => {
  const clock = manualClock();
  const retries = [];
  let tokens = 0;
  const feedline = new Feedline({
    url: await refusingUrl(),
    token: async () => `t${tokens++}`,
    random: () => 0.999999,
    timers: clock.timers,
  });
  feedline.on('retry', (r) => retries.push(r));
  const transports = [];
  feedline.subscribe('public');
  try {
    for (let i = 0; i < 9; i++) {
      await waitFor(() => clock.pending.length === 1, 'a reconnect scheduled');
      transports.push(feedline.transport);
      clock.fire();
    }
  } finally {
    feedline.close();
  }
  const expected = [500, 1000, 2000, 4000, 8000, 16000, 20000, 20000, 20000];
  assert.deepEqual(
    retries.map((r) => r.delay),
    expected.map((cap) => Math.floor(0.999999 * cap)),
  );
  assert.equal(tokens, 10, 'token() before every attempt');
  // Two WebSocket attempts without a frame, then SSE; two SSE failures, then WebSocket again.
  assert.deepEqual(transports.slice(0, 6), [
    'websocket',
    'sse',
    'sse',
    'websocket',
    'websocket',
    'sse',
  ]);
  assert.equal(clock.pending.length, 0, 'close() cancels the pending reconnect');
});

async function waitFor(condition, what, ms = 10000) {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
