// The systems under test, each as: how a subscriber connects and reads, how a post is published,
// and where the server's process is. Every subscriber reports each post it reads to `onPost`
// with the text's sequence number and publish time: `bench <seq> <ms> <padding>`.
import http from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import WebSocket from 'ws';
import { io as socketIo } from 'socket.io-client';

const here = path.dirname(fileURLToPath(import.meta.url));
const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

/** Finds `bench <seq> <ms>` in a frame and hands the two numbers on. */
export function readPost(text, onPost) {
  const at = text.indexOf('bench ');
  if (at < 0) return false;
  const seqEnd = text.indexOf(' ', at + 6);
  const msEnd = text.indexOf(' ', seqEnd + 1);
  onPost(Number(text.slice(at + 6, seqEnd)), Number(text.slice(seqEnd + 1, msEnd)));
  return true;
}

export function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent, timeout: 30_000 }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${url}: no answer in 30 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** A peer (Node ws or Socket.IO) started as a child process on a free loopback port. */
export async function startPeer(file) {
  const child = spawn(process.execPath, ['--expose-gc', path.join(here, '..', 'peers', file), '0'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening (\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on('exit', (code) => reject(new Error(`${file} ended with ${code} before listening`)));
  });
  return {
    pid: child.pid,
    base: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((resolve) => {
        child.on('exit', resolve);
        child.stdin.end();
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

function payload(seq, size) {
  const head = `bench ${seq} ${performance.now().toFixed(3)} `;
  return head + 'x'.repeat(Math.max(1, size - head.length));
}

/** Node ws or Socket.IO: POST /publish with the post's JSON. */
function peerSystem(name, file, connect) {
  let peer;
  return {
    name,
    async start() {
      peer = await startPeer(file);
      this.pid = peer.pid;
    },
    async stop() {
      await peer.stop();
    },
    connect: (i, localAddress, sub) => connect(peer.base, localAddress, sub),
    async publish(seq, size) {
      const body = JSON.stringify({ text: payload(seq, size), tags: [] });
      const reply = await request(`${peer.base}/publish`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      });
      if (reply.status !== 201) throw new Error(`publish answered ${reply.status}`);
    },
    async memory() {
      const reply = await request(`${peer.base}/stats`);
      const stats = JSON.parse(reply.body);
      return { heap: stats.heapUsed, rss: stats.rss };
    },
  };
}

function wsSubscriber(url, options, sub, onOpen) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { perMessageDeflate: false, ...options });
    let ready = false;
    sub.close = () => socket.terminate();
    sub.pause = () => socket._socket && socket._socket.pause();
    socket.on('open', () => onOpen(socket, () => ((ready = true), resolve())));
    socket.on('message', (data) => {
      const text = data.toString();
      if (!ready) {
        if (text.includes('"subscribed"')) {
          ready = true;
          resolve();
        }
        return;
      }
      readPost(text, sub.onPost);
    });
    socket.on('close', (code) => {
      sub.onClose(code);
      if (!ready) reject(new Error(`closed with ${code} before subscribing`));
    });
    socket.on('error', (e) => {
      if (!ready) reject(e);
    });
  });
}

export function nodeWs() {
  return peerSystem('Node ws', 'ws-server.mjs', (base, localAddress, sub) =>
    wsSubscriber(base.replace('http', 'ws') + '/', { localAddress }, sub, (socket, ready) => ready()),
  );
}

export function socketIo_() {
  return peerSystem('Socket.IO', 'socketio-server.mjs', (base, localAddress, sub) =>
    new Promise((resolve, reject) => {
      const socket = socketIo(base, {
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        localAddress,
        perMessageDeflate: false,
      });
      sub.close = () => socket.disconnect();
      sub.pause = () => socket.io.engine.transport.ws._socket.pause();
      socket.on('connect', resolve);
      socket.on('connect_error', reject);
      socket.on('post', (text) => readPost(text, sub.onPost));
      socket.on('disconnect', (reason) => sub.onClose(reason === 'io client disconnect' ? 1000 : 1006));
    }),
  );
}

/** A Feedline node that is already running (local profile: it mints the tokens). */
function feedlineSystem(name, base, pid, connect) {
  const tokens = [];
  let poster;
  const mint = async (user) => {
    const reply = await request(`${base}/api/v1/dev/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user, groups: ['user'] }),
    });
    if (reply.status !== 200) {
      throw new Error(`minting a token answered ${reply.status} (the node must run the local profile)`);
    }
    return JSON.parse(reply.body).token;
  };
  const run = Date.now().toString(36);
  return {
    name,
    pid,
    async start() {
      poster = await mint(`bench-${run}-poster`);
    },
    async stop() {},
    async connect(i, localAddress, sub) {
      // Ten connections per person: well inside the per-user connection limit.
      const user = Math.floor(i / 10);
      while (tokens.length <= user) tokens.push(mint(`bench-${run}-${tokens.length}`));
      return connect(base, await tokens[user], localAddress, sub);
    },
    async publish(seq, size) {
      const reply = await request(`${base}/api/v1/posts`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${poster}` },
        body: JSON.stringify({ text: payload(seq, size), tags: [] }),
      });
      if (reply.status === 429) {
        throw new Error('the node limits posts (429): start it with FEEDLINE_LIMITS_POSTS_PER_MINUTE raised');
      }
      if (reply.status !== 201) throw new Error(`posting answered ${reply.status}: ${reply.body}`);
    },
  };
}

export function feedlineWs(base, pid, label = 'Feedline WebSocket') {
  return feedlineSystem(label, base, pid, (url, token, localAddress, sub) =>
    wsSubscriber(
      url.replace('http', 'ws') + '/api/v1/stream',
      { localAddress, headers: { authorization: `Bearer ${token}` } },
      sub,
      (socket) => socket.send(JSON.stringify({ type: 'subscribe', feed: 'public' })),
    ),
  );
}

export function feedlineSse(base, pid, label = 'Feedline SSE') {
  return feedlineSystem(label, base, pid, (url, token, localAddress, sub) =>
    new Promise((resolve, reject) => {
      const req = http.get(
        `${url}/api/v1/stream/sse?feed=public`,
        { localAddress, agent: false, headers: { accept: 'text/event-stream', authorization: `Bearer ${token}` } },
        (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`SSE answered ${res.statusCode}`));
            res.resume();
            return;
          }
          let buffer = '';
          let ready = false;
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            buffer += chunk;
            let end;
            while ((end = buffer.indexOf('\n\n')) >= 0) {
              const block = buffer.slice(0, end);
              buffer = buffer.slice(end + 2);
              if (!ready) {
                if (block.includes('event: subscribed')) {
                  ready = true;
                  resolve();
                }
              } else {
                readPost(block, sub.onPost);
              }
            }
          });
          res.on('end', () => sub.onClose(1001));
          res.on('error', () => sub.onClose(1006));
        },
      );
      sub.close = () => req.destroy();
      sub.pause = () => req.socket && req.socket.pause();
      req.on('error', (e) => (sub.closed ? undefined : reject(e)));
    }),
  );
}
