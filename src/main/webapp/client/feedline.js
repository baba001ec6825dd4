// Feedline's JavaScript client: one live connection carrying any number of feed subscriptions,
// WebSocket first and Server-Sent Events where WebSocket cannot be opened, reconnecting with
// full-jitter exponential backoff and resuming every subscription from the last event id it
// delivered, so an app sees each event once, in id order. An ES module without dependencies, for
// browsers and Node 20+ (with a WebSocket global, or one passed as an option).
//
// Rules, in one place:
// - Transport: WebSocket first. When two WebSocket attempts in a row end without a single frame
//   (the upgrade blocked by a proxy, a firewall, an extension), the next attempts use SSE. When two
//   SSE attempts in a row end without a frame, WebSocket is tried again.
// - Backoff: before reconnect attempt n (n = 0 after a connection that delivered a frame), wait a
//   uniformly random time in [0, min(maxDelay, minDelay * 2^n)] (0.5 s .. 20 s by default). A
//   browser coming back online or a page becoming visible retries at once.
// - token() is called before every connection attempt, so a refreshed token is used.
// - Close 1008 (token rejected) and 4029 (too many connections) are reported as an 'error' and the
//   next attempt waits the full maxDelay: they are never retried in a tight loop.
// - Resume: each subscription keeps the id of the last event it delivered (or the `since` it was
//   given, or the position the server confirmed) and resumes from it on every new connection,
//   whatever the transport; an event whose id is not greater is dropped.
// - reset: the server no longer holds the history after a subscription's position. The
//   subscription emits 'reset' and ends; the app loads a page and subscribes again with the page's
//   position.

const EVENT_TYPES = [
  'post.created',
  'post.updated',
  'post.deleted',
  'post.stats',
  'marker.updated',
];
const CONTROL_TYPES = ['subscribed', 'unsubscribed', 'reset', 'error'];

/** Full-jitter exponential backoff: a delay in [0, min(max, min * 2^attempt)] milliseconds. */
export function backoffDelay(attempt, random = Math.random, min = 500, max = 20000) {
  const cap = Math.min(max, min * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * cap);
}

function idOf(value) {
  return value == null ? null : BigInt(value);
}

class Emitter {
  #listeners = new Map();

  on(type, fn) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, new Set());
    this.#listeners.get(type).add(fn);
    return () => this.off(type, fn);
  }

  off(type, fn) {
    this.#listeners.get(type)?.delete(fn);
    return this;
  }

  emit(type, value) {
    for (const fn of [...(this.#listeners.get(type) ?? [])]) {
      try {
        fn(value);
      } catch (e) {
        // An app's listener failing must not break delivery to the others.
        setTimeout(() => {
          throw e;
        });
      }
    }
  }
}

/** One feed followed over the Feedline connection. */
class Subscription extends Emitter {
  #owner;
  #last;
  #closed = false;

  constructor(owner, feed, since) {
    super();
    this.#owner = owner;
    this.feed = feed;
    this.#last = since == null ? null : String(since);
  }

  /** The id of the last event delivered (or the confirmed position); null before either. */
  get position() {
    return this.#last;
  }

  get closed() {
    return this.#closed;
  }

  /** Stops the subscription; no event is delivered after it returns. */
  unsubscribe() {
    if (this.#closed) return;
    this.#closed = true;
    this.#owner._remove(this);
  }

  close() {
    this.unsubscribe();
  }

  _confirmed(frame) {
    if (this.#last == null && frame.position != null) this.#last = frame.position;
    this.emit('subscribed', frame);
  }

  _deliver(event) {
    // Before the server confirmed a position there is nothing to compare with: not delivered.
    if (this.#closed || this.#last == null || idOf(event.id) <= idOf(this.#last)) return;
    this.#last = event.id;
    this.emit('event', event);
  }

  _reset(frame) {
    if (this.#closed) return;
    this.#closed = true;
    this.#owner._remove(this);
    this.emit('reset', frame);
  }
}

/** A live connection to a Feedline service. */
export class Feedline extends Emitter {
  #url;
  #token;
  #WebSocket;
  #EventSource;
  #random;
  #timers;
  #minDelay;
  #maxDelay;
  #subs = new Map(); // feed -> Subscription
  #state = 'disconnected';
  #transport;
  #failures = 0; // consecutive attempts of the current transport without a frame
  #attempt = 0; // consecutive attempts without a frame, for the backoff
  #conn = null; // {close(), send?(frame)} of the open attempt
  #timer = null;
  #closed = false;
  #generation = 0;
  #cleanup = [];

  /**
   * @param {object} options
   * @param {string} [options.url] the service's base URL (default: the page's origin)
   * @param {() => Promise<string|null>|string|null} [options.token] asked before every connection
   * @param {'auto'|'websocket'|'sse'} [options.transports] 'auto' (default) falls back to SSE
   * @param {Function} [options.WebSocket] a WebSocket class (default: the global one)
   * @param {Function} [options.EventSource] an EventSource class (default: the global one, else
   *     a fetch-based reader)
   * @param {() => number} [options.random] for the backoff's jitter (default Math.random)
   * @param {{setTimeout: Function, clearTimeout: Function}} [options.timers] the clock
   * @param {number} [options.minDelay] first backoff cap, ms (500)
   * @param {number} [options.maxDelay] largest backoff, ms (20000)
   */
  constructor(options = {}) {
    super();
    const base = options.url ?? globalThis.location?.origin;
    if (!base) throw new TypeError('Feedline needs a url');
    this.#url = new URL(base);
    this.#token = options.token ?? (() => null);
    this.#WebSocket = options.WebSocket ?? globalThis.WebSocket;
    this.#EventSource = options.EventSource ?? globalThis.EventSource ?? FetchEventSource;
    this.#random = options.random ?? Math.random;
    this.#timers = options.timers ?? {
      setTimeout: (fn, ms) => setTimeout(fn, ms),
      clearTimeout: (t) => clearTimeout(t),
    };
    this.#minDelay = options.minDelay ?? 500;
    this.#maxDelay = options.maxDelay ?? 20000;
    this.transports = options.transports ?? 'auto';
    this.#transport = this.transports === 'sse' || !this.#WebSocket ? 'sse' : 'websocket';
    this.#watchBrowser();
  }

  /** 'websocket' or 'sse': the transport in use, or to be tried next. */
  get transport() {
    return this.#transport;
  }

  /** 'connecting', 'connected' or 'disconnected'. */
  get state() {
    return this.#state;
  }

  /** Follows a feed; `since` (an event id, e.g. a page's position) resumes after it. */
  subscribe(feed, { since } = {}) {
    if (this.#closed) throw new Error('This Feedline is closed');
    this.#subs.get(feed)?.unsubscribe();
    const sub = new Subscription(this, feed, since);
    this.#subs.set(feed, sub);
    if (this.#transport === 'websocket' && this.#conn?.ready) {
      this.#conn.send(subscribeFrame(sub));
    } else if (this.#transport === 'sse' && this.#conn) {
      this.#reopen(); // an SSE stream's feeds are fixed when it opens
    } else if (!this.#conn && !this.#timer) {
      this.#connect();
    }
    return sub;
  }

  /** Ends every subscription and the connection; nothing reconnects after it. */
  close() {
    this.#closed = true;
    this.#stopTimer();
    this.#drop();
    for (const undo of this.#cleanup) undo();
    for (const sub of [...this.#subs.values()]) sub.unsubscribe();
    this.#setState('disconnected');
  }

  _remove(sub) {
    if (this.#subs.get(sub.feed) !== sub) return;
    this.#subs.delete(sub.feed);
    if (this.#transport === 'websocket' && this.#conn?.ready) {
      this.#conn.send({ type: 'unsubscribe', feed: sub.feed });
    } else if (this.#transport === 'sse' && this.#conn) {
      this.#reopen();
    }
    if (this.#subs.size === 0) {
      this.#stopTimer();
      this.#drop();
      this.#setState('disconnected');
    }
  }

  #watchBrowser() {
    const retryNow = () => {
      if (this.#timer && !this.#closed && globalThis.document?.visibilityState !== 'hidden') {
        this.#stopTimer();
        this.#connect();
      }
    };
    if (typeof globalThis.addEventListener === 'function' && globalThis.window) {
      globalThis.addEventListener('online', retryNow);
      this.#cleanup.push(() => globalThis.removeEventListener('online', retryNow));
    }
    if (globalThis.document?.addEventListener) {
      globalThis.document.addEventListener('visibilitychange', retryNow);
      this.#cleanup.push(() =>
        globalThis.document.removeEventListener('visibilitychange', retryNow),
      );
    }
  }

  #setState(state) {
    if (this.#state === state) return;
    this.#state = state;
    this.emit('state', state);
  }

  #stopTimer() {
    if (this.#timer) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #drop() {
    this.#generation++;
    const conn = this.#conn;
    this.#conn = null;
    conn?.close();
  }

  #reopen() {
    this.#drop();
    this.#connect();
  }

  async #connect() {
    if (this.#closed || this.#subs.size === 0) return;
    const generation = ++this.#generation;
    this.#setState('connecting');
    let token;
    try {
      token = await this.#token();
    } catch (e) {
      if (generation !== this.#generation) return;
      this.#report({ code: 'token', message: String(e?.message ?? e) });
      this.#retry(true);
      return;
    }
    if (generation !== this.#generation || this.#closed) return;
    const open = this.#transport === 'websocket' ? this.#openWebSocket : this.#openSse;
    this.#conn = open.call(this, token, generation);
  }

  /** The attempt `generation` ended; `sawFrame` whether it delivered anything. */
  #ended(generation, { sawFrame, fatal, code, message }) {
    if (generation !== this.#generation || this.#closed) return;
    this.#conn = null;
    this.#setState('disconnected');
    if (fatal) {
      this.#report({ code, message });
      this.#retry(true, code);
      return;
    }
    if (sawFrame) {
      this.#failures = 0;
      this.#attempt = 0;
    } else if (++this.#failures >= 2 && this.transports === 'auto') {
      this.#failures = 0;
      this.#transport = this.#transport === 'websocket' || !this.#WebSocket ? 'sse' : 'websocket';
    }
    this.#retry(false, code);
  }

  #report(error) {
    this.emit('error', error);
    for (const sub of this.#subs.values()) sub.emit('error', error);
  }

  /** Schedules the next attempt; `code` is the close code that ended the last one, if any. */
  #retry(penalty, code) {
    this.#stopTimer();
    if (this.#closed || this.#subs.size === 0) return;
    const delay = penalty
      ? this.#maxDelay
      : backoffDelay(this.#attempt, this.#random, this.#minDelay, this.#maxDelay);
    this.#attempt++;
    this.#timer = this.#timers.setTimeout(() => {
      this.#timer = null;
      this.#connect();
    }, delay);
    const retry = { delay, attempt: this.#attempt, transport: this.#transport };
    if (typeof code === 'number') retry.code = code;
    this.emit('retry', retry);
  }

  #frame(generation, frame) {
    if (generation !== this.#generation) return;
    this.#setState('connected');
    this.#attempt = 0;
    this.#failures = 0;
    if (frame.type?.includes('.')) {
      const feeds = frame.feeds ?? [];
      for (const feed of feeds) this.#subs.get(feed)?._deliver(frame);
      return;
    }
    const sub = frame.feed != null ? this.#subs.get(frame.feed) : null;
    switch (frame.type) {
      case 'subscribed':
        sub?._confirmed(frame);
        break;
      case 'reset':
        sub?._reset(frame);
        break;
      case 'error': {
        const target = typeof frame.ref === 'string' ? this.#subs.get(frame.ref) : null;
        (target ?? this).emit('error', frame);
        break;
      }
      default:
        break;
    }
  }

  #endpoint(path, token) {
    const url = new URL(path, this.#url);
    if (token) url.searchParams.set('access_token', token);
    return url;
  }

  #openWebSocket(token, generation) {
    const url = this.#endpoint('/api/v1/stream', token);
    url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
    let sawFrame = false;
    let socket;
    try {
      socket = new this.#WebSocket(url.toString());
    } catch {
      queueMicrotask(() => this.#ended(generation, { sawFrame: false }));
      return { close() {} };
    }
    const conn = {
      ready: false,
      send: (frame) => socket.send(JSON.stringify(frame)),
      close: () => {
        try {
          socket.close(1000);
        } catch {
          // already closing
        }
      },
    };
    socket.onopen = () => {
      if (generation !== this.#generation) return;
      conn.ready = true;
      for (const sub of this.#subs.values()) conn.send(subscribeFrame(sub));
    };
    socket.onmessage = (message) => {
      sawFrame = true;
      let frame;
      try {
        frame = JSON.parse(message.data);
      } catch {
        return;
      }
      this.#frame(generation, frame);
    };
    let done = false;
    const end = (detail) => {
      if (done) return;
      done = true;
      this.#ended(generation, detail);
    };
    socket.onclose = (close) => {
      const code = close.code;
      if (code === 1008 || code === 4029) {
        const message =
          code === 1008
            ? close.reason || 'The token was rejected.'
            : close.reason || 'Too many connections or subscriptions.';
        end({ sawFrame, fatal: true, code, message });
      } else {
        end({ sawFrame, code }); // 1001 drain, 4008 too slow, 1006 cut: resume
      }
    };
    // Browsers follow an error with a close; some runtimes (Node 20) do not when the connection
    // never opened, and may not after it did, so an error ends the attempt unless a close comes.
    socket.onerror = () => {
      if (!conn.ready) end({ sawFrame });
      else setTimeout(() => end({ sawFrame }), 1000);
    };
    return conn;
  }

  #openSse(token, generation) {
    const url = this.#endpoint('/api/v1/stream/sse', token);
    let since = null;
    for (const sub of this.#subs.values()) {
      url.searchParams.append('feed', sub.feed);
      const at = idOf(sub.position);
      if (at != null && (since == null || at < since)) since = at;
    }
    // One cursor per stream: the oldest position. A subscription that is further on, or has no
    // position yet (it takes the one 'subscribed' confirms), drops what is not newer.
    if (since != null) url.searchParams.set('since', since.toString());
    let sawFrame = false;
    let done = false;
    const source = new this.#EventSource(url.toString());
    const onData = (message) => {
      if (typeof message.data !== 'string') return false;
      sawFrame = true;
      try {
        this.#frame(generation, JSON.parse(message.data));
      } catch {
        // not JSON: ignored, as unknown fields and frames are
      }
      return true;
    };
    for (const type of [...EVENT_TYPES, ...CONTROL_TYPES, 'message']) {
      source.addEventListener(type, (message) => {
        if (onData(message) || type !== 'error') return;
        finish();
      });
    }
    const finish = (detail = {}) => {
      if (done) return;
      done = true;
      source.close(); // the library reconnects itself, resuming with `since`
      this.#ended(generation, { sawFrame, ...detail });
    };
    return { close: () => ((done = true), source.close()) };
  }
}

function subscribeFrame(sub) {
  const frame = { type: 'subscribe', feed: sub.feed, ref: sub.feed };
  if (sub.position != null) frame.since = sub.position;
  return frame;
}

/**
 * The part of EventSource this library uses, over fetch, for runtimes without EventSource (Node).
 * It never reconnects by itself: the stream's end is an 'error' event, as in a browser.
 */
class FetchEventSource {
  #listeners = new Map();
  #abort = new AbortController();

  constructor(url) {
    this.#run(url).catch(() => {});
  }

  addEventListener(type, fn) {
    if (!this.#listeners.has(type)) this.#listeners.set(type, []);
    this.#listeners.get(type).push(fn);
  }

  close() {
    this.#abort.abort();
  }

  #dispatch(type, event) {
    for (const fn of this.#listeners.get(type) ?? []) fn(event);
  }

  async #run(url) {
    try {
      const response = await fetch(url, {
        headers: { Accept: 'text/event-stream' },
        signal: this.#abort.signal,
      });
      if (!response.ok || !response.body) {
        this.#dispatch('error', { status: response.status });
        return;
      }
      const decoder = new TextDecoder();
      let buffer = '';
      let name = '';
      let data = [];
      let id = null;
      for await (const chunk of response.body) {
        buffer += decoder.decode(chunk, { stream: true });
        let end;
        while ((end = buffer.search(/\r\n|\r|\n/)) >= 0) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + (buffer.startsWith('\r\n', end) ? 2 : 1));
          if (line === '') {
            if (data.length > 0) {
              this.#dispatch(name || 'message', { data: data.join('\n'), lastEventId: id });
            }
            name = '';
            data = [];
            continue;
          }
          if (line.startsWith(':')) continue;
          const colon = line.indexOf(':');
          const field = colon < 0 ? line : line.slice(0, colon);
          const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
          if (field === 'event') name = value;
          else if (field === 'data') data.push(value);
          else if (field === 'id') id = value;
        }
      }
    } catch {
      if (this.#abort.signal.aborted) return;
    }
    if (!this.#abort.signal.aborted) this.#dispatch('error', {});
  }
}
