// What both peers share: a small HTTP API the generator drives the same way for every system.
//   POST /publish   the body (a post's JSON, about 200 bytes) goes to every subscriber
//   GET  /stats     after a full GC: {connections, heapUsed, rss} of this process
// Started with --expose-gc so /stats measures live memory, as jcmd GC.run does for Feedline.

export function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (c) => {
      size += c.length;
      if (size > 16384) {
        reject(new Error('body over 16 KiB'));
        req.destroy();
      } else {
        chunks.push(c);
      }
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export function handle(req, res, { publish, connections }) {
  if (req.method === 'POST' && req.url === '/publish') {
    readBody(req).then(
      (body) => {
        publish(body);
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end('{}');
      },
      (e) => {
        res.writeHead(413, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: 'too_large', message: e.message }));
      },
    );
    return true;
  }
  if (req.method === 'GET' && req.url === '/stats') {
    if (global.gc) {
      global.gc();
      global.gc();
    }
    const m = process.memoryUsage();
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ connections: connections(), heapUsed: m.heapUsed + m.external, rss: m.rss }));
    return true;
  }
  return false;
}

export function port() {
  const value = Number(process.argv[2] || process.env.PORT || 0);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    console.error('usage: node <peer> <port>');
    process.exit(2);
  }
  return value;
}

// Tells the generator the port it listens on (0 picks a free one), then runs until told to end.
export function announce(server) {
  const { port: bound } = server.address();
  process.stdout.write(`listening ${bound}\n`);
  process.on('SIGTERM', () => process.exit(0));
  process.stdin.on('end', () => process.exit(0));
  process.stdin.resume();
}
