// What the library's tests share: the server under test, tokens, posts, a cuttable proxy, and
// waiting for a condition with a bound (never a fixed sleep).
import net from 'node:net';

export const SERVER = process.env.FEEDLINE_URL ?? 'http://127.0.0.1:9080';

let counter = 0;
export function unique(prefix) {
  return `${prefix}${process.pid}_${Date.now().toString(36)}_${counter++}`;
}

async function call(method, path, token, body) {
  const headers = {};
  if (token) headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const response = await fetch(new URL(path, SERVER), {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

export async function tokenFor(user) {
  return (await call('POST', '/api/v1/dev/tokens', null, { user })).token;
}

export async function post(token, text, tags = []) {
  return call('POST', '/api/v1/posts', token, { text, tags });
}

export async function page(feed, token) {
  return call('GET', `/api/v1/feeds/${feed}`, token);
}

/** Resolves when `condition()` is truthy; rejects after `ms` with `what` in the message. */
export async function until(condition, what, ms = 20000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A TCP proxy in front of the server: `cut()` ends every connection through it, `refuse` turns new
 * connections away, `blockWebSocket` turns away WebSocket upgrades only (as a hostile proxy does).
 */
export async function proxy() {
  const target = new URL(SERVER);
  const open = new Set();
  const state = { refuse: false, blockWebSocket: false, webSocketsRefused: 0 };
  const server = net.createServer((client) => {
    if (state.refuse) {
      client.destroy();
      return;
    }
    open.add(client);
    client.once('close', () => open.delete(client));
    client.once('data', (first) => {
      if (state.blockWebSocket && /^GET \/api\/v1\/stream[?\s]/.test(first.toString('latin1'))) {
        state.webSocketsRefused++;
        client.destroy();
        return;
      }
      const upstream = net.connect(Number(target.port), target.hostname);
      open.add(upstream);
      upstream.once('close', () => {
        open.delete(upstream);
        client.destroy();
      });
      client.once('close', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
      upstream.write(first);
      client.pipe(upstream);
      upstream.pipe(client);
    });
    client.on('error', () => {});
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return Object.assign(state, {
    url: `http://127.0.0.1:${server.address().port}`,
    cut() {
      for (const socket of open) socket.destroy();
    },
    async close() {
      this.cut();
      await new Promise((resolve) => server.close(resolve));
    },
  });
}

/** Collects a subscription's events and the order they came in. */
export function collect(subscription) {
  const seen = { events: [], resets: [], errors: [], subscribed: [] };
  subscription.on('event', (e) => seen.events.push(e));
  subscription.on('reset', (r) => seen.resets.push(r));
  subscription.on('error', (e) => seen.errors.push(e));
  subscription.on('subscribed', (s) => seen.subscribed.push(s));
  return seen;
}

export function postIds(events) {
  return events.filter((e) => e.type === 'post.created').map((e) => e.data.id);
}

export function assertIncreasing(assert, events) {
  for (let i = 1; i < events.length; i++) {
    assert.ok(BigInt(events[i].id) > BigInt(events[i - 1].id), `ids increase at ${i}`);
  }
}
