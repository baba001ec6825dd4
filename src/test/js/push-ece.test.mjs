// Web Push opened by a second, independent implementation: a push receiver in Node whose keys come
// from Node's crypto and whose decryption is the npm package http_ece (RFC 8188/8291), so the
// service's messages are not only checked by code written alongside it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import http from 'node:http';
import ece from 'http_ece';
import { SERVER, post, tokenFor, unique, until } from './support.mjs';

const receiver = { server: null, requests: [] };

before(async () => {
  receiver.server = http.createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.on('end', () => {
      receiver.requests.push({ headers: request.headers, body: Buffer.concat(chunks) });
      response.writeHead(201).end();
    });
  });
  await new Promise((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
});

after(() => receiver.server?.close());

async function subscribe(token, endpoint, keys) {
  const response = await fetch(new URL('/api/v1/push/subscriptions', SERVER), {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ endpoint, keys, types: ['mention'] }),
  });
  assert.equal(response.status, 201, await response.text());
}

test('a mention decrypts with http_ece to the documented message', async () => {
  const alice = unique('alice');
  const bob = unique('bob');
  const device = crypto.createECDH('prime256v1');
  device.generateKeys();
  const auth = crypto.randomBytes(16);
  const path = `/push/${unique('device')}`;
  const endpoint = `http://127.0.0.1:${receiver.server.address().port}${path}`;
  await subscribe(await tokenFor(alice), endpoint, {
    p256dh: device.getPublicKey().toString('base64url'),
    auth: auth.toString('base64url'),
  });

  await post(await tokenFor(bob), `hello @${alice}`);

  const push = await until(
    () => receiver.requests.find((r) => r.headers['content-encoding'] === 'aes128gcm'),
    'a push to the device',
    30000,
  );
  assert.match(push.headers.authorization, /^vapid t=[\w-]+\.[\w-]+\.[\w-]+, k=[\w-]+$/);
  assert.equal(push.headers.urgency, 'high');
  const plaintext = ece.decrypt(push.body, {
    version: 'aes128gcm',
    privateKey: device,
    authSecret: auth.toString('base64url'),
  });
  const message = JSON.parse(plaintext.toString('utf8'));
  assert.equal(message.title, `${bob} mentioned you`);
  assert.equal(message.body, `hello @${alice}`);
  assert.equal(message.notification.type, 'mention');
  assert.equal(message.notification.actor, bob);
});
