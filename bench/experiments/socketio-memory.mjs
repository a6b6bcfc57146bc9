// Experiment server (not part of `npm run bench`): bench/servers/socketio.mjs's bare Socket.IO server with
// switches, to measure what per-connection memory each Socket.IO setting or workaround saves.
//   DROP_REQUEST=1  io.engine.on("connection", raw => { raw.request = null }) (the Socket.IO docs' tip)
//   STRIP_REQUEST=1 also empty the request's headers/rawHeaders and unlink its socket: engine.io 6.6's
//                   WebSocketResponse keeps the upgrade IncomingMessage alive for the connection's lifetime
//                   (a "close" listener on the TCP socket), so dropping raw.request alone does not free it.
//   WS_MAX_PAYLOAD  maxHttpBufferSize (default 1e6)
// Env: PORT, HOST.
import http from "node:http";
import { Server } from "socket.io";

const server = http.createServer((req, res) => {
  if (req.url === "/healthz") {
    res.writeHead(200);
    res.end("ok");
  }
});
const io = new Server(server, {
  serveClient: false,
  ...(process.env.WS_MAX_PAYLOAD ? { maxHttpBufferSize: Number(process.env.WS_MAX_PAYLOAD) } : {}),
});
if (process.env.DROP_REQUEST || process.env.STRIP_REQUEST) {
  io.engine.on("connection", (raw) => {
    const req = raw.request;
    raw.request = null;
    if (process.env.STRIP_REQUEST && req) {
      req.headers = {};
      req.rawHeaders = [];
      req.socket = null;
      req.client = null;
      req._query = null;
    }
  });
}
io.on("connection", () => {});
server.listen(Number(process.env.PORT), process.env.HOST ?? "127.0.0.1");
process.on("SIGTERM", () => process.exit(0));
