// Node `ws` as an operator would write a broadcast server: every post to every open socket,
// each send the library's own (the example in ws's README).
import http from 'node:http';
import { WebSocketServer, WebSocket } from 'ws';
import { announce, handle, port } from './common.mjs';

const server = http.createServer((req, res) => {
  const done = handle(req, res, {
    publish: (body) => {
      for (const client of wss.clients) {
        if (client.readyState === WebSocket.OPEN) client.send(body);
      }
    },
    connections: () => wss.clients.size,
  });
  if (!done) {
    res.writeHead(404);
    res.end();
  }
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, maxPayload: 4096 });
wss.on('connection', (socket) => socket.on('error', () => {}));
server.listen(port(), '127.0.0.1', () => announce(server));
