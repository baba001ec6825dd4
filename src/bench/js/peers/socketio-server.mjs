// Socket.IO broadcasting each post to every client as a 'post' event (WebSocket transport).
import http from 'node:http';
import { Server } from 'socket.io';
import { announce, handle, port } from './common.mjs';

// Socket.IO takes over the server's requests and hands on whatever is not under /socket.io/.
const server = http.createServer((req, res) => {
  const done = handle(req, res, {
    publish: (body) => io.emit('post', body),
    connections: () => io.engine.clientsCount,
  });
  if (!done) {
    res.writeHead(404);
    res.end();
  }
});
const io = new Server(server, {
  transports: ['websocket'],
  perMessageDeflate: false,
  serveClient: false,
  maxHttpBufferSize: 4096,
});
server.listen(port(), '127.0.0.1', () => announce(server));
